//! Memory the program has freed, handed back to the operating system.
//!
//! glibc's allocator keeps freed heap pages resident for reuse. Start-up frees several megabytes
//! it will not need again (the command line's parser, the window icon's decoding, the first
//! frames' text layout and the font atlas it outgrew, the journal's check and the daily backup's
//! read buffers): without this they stay in the window's resident memory for the whole session
//! (BENCHMARKS.md, "Start-up"). Called when start-up work ends (the journal worker, a second after
//! the journal opened; the daily backup, when done), never per frame.

/// Hands the free pages of every allocator arena back to the system (`malloc_trim`). Takes a
/// millisecond or two; with another C library it does nothing.
pub fn give_back_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` takes no pointers and only walks glibc's own free lists under its
    // arena locks; it may be called from any thread at any time.
    #[expect(unsafe_code, reason = "glibc's malloc_trim has no safe wrapper")]
    unsafe {
        libc::malloc_trim(0);
    }
}
