//! The rule "the window's frame code never touches the journal", checked.
//!
//! The app marks the code that draws a frame with [`ui_frame`]; every way into SQLite (opening a
//! journal, [`Store::connection`](crate::store::Store::connection), the queries) calls [`check`], which
//! is a `debug_assert!`: in debug builds (tests, the real-window check) a store call made while a
//! frame is being drawn panics with the name of the call, so a regression cannot pass the tests.
//! Release builds pay nothing. The mark is per thread and only lasts while the frame runs, so a
//! test may still read the journal between frames on the same thread.
//!
//! The same mark guards the rule "the window's frame code never writes a file or starts a
//! program": the atomic file writer, the reminder settings and autostart entry, "Open folder"
//! and the sound cue call [`check_side_effect`]. And the rule "the window's frame code never
//! waits for the file system or other programs": looking up the sound player on `PATH`, reading a
//! file to import and a file dialog call [`check_blocking`].

use std::cell::Cell;

thread_local! {
    static IN_UI_FRAME: Cell<bool> = const { Cell::new(false) };
}

/// Marks the current thread as drawing a frame until it is dropped (see [`ui_frame`]).
#[must_use = "the mark lasts only while the guard is alive"]
#[derive(Debug)]
pub struct UiFrame {
    was: bool,
}

/// Marks the current thread as the window's frame code until the returned guard is dropped.
/// Nested marks are fine.
pub fn ui_frame() -> UiFrame {
    UiFrame { was: IN_UI_FRAME.with(|f| f.replace(true)) }
}

impl Drop for UiFrame {
    fn drop(&mut self) {
        let was = self.was;
        IN_UI_FRAME.with(|f| f.set(was));
    }
}

/// True while the current thread draws a frame.
pub fn in_ui_frame() -> bool {
    IN_UI_FRAME.with(Cell::get)
}

/// Fails (in debug builds) when called from frame code: `what` names the store call.
#[track_caller]
pub(crate) fn check(what: &str) {
    debug_assert!(
        !in_ui_frame(),
        "the window's frame code called `{what}` on the journal: send a request to the journal worker instead"
    );
}

/// Fails (in debug builds) when called from frame code: `what` names a file write or a program
/// start, which belongs on the window's effects thread (`ui::effects`).
#[track_caller]
pub(crate) fn check_side_effect(what: &str) {
    debug_assert!(
        !in_ui_frame(),
        "the window's frame code called `{what}`, which writes a file or starts a program: return an effect for the \
         effects thread instead"
    );
}

/// Fails (in debug builds) when called from frame code: `what` names a look-up of a program on
/// `PATH`, a file read or a file dialog, which may block and belong on the window's effects thread
/// (`ui::effects`).
#[track_caller]
pub(crate) fn check_blocking(what: &str) {
    debug_assert!(
        !in_ui_frame(),
        "the window's frame code called `{what}`, which looks up a program, reads a file or opens a dialog: return \
         an effect for the effects thread instead"
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn the_mark_lasts_while_the_guard_lives_and_nests() {
        assert!(!in_ui_frame());
        {
            let _outer = ui_frame();
            assert!(in_ui_frame());
            {
                let _inner = ui_frame();
                assert!(in_ui_frame());
            }
            assert!(in_ui_frame(), "dropping the inner mark keeps the outer one");
        }
        assert!(!in_ui_frame());
        // Another thread is never marked by this one.
        let _g = ui_frame();
        assert!(!std::thread::spawn(in_ui_frame).join().expect("thread"));
    }

    #[test]
    fn a_store_query_outside_a_frame_is_allowed() {
        let store = Store::open_in_memory().expect("open");
        assert_eq!(store.count().expect("count"), 0);
    }

    #[test]
    #[should_panic(expected = "the window's frame code called `count`")]
    fn a_store_query_from_frame_code_panics() {
        let store = Store::open_in_memory().expect("open");
        let _frame = ui_frame();
        let _ = store.count();
    }

    #[test]
    #[should_panic(expected = "the window's frame code called `write_atomic`")]
    fn writing_a_file_from_frame_code_panics() {
        let dir = tempfile::tempdir().expect("tempdir");
        let _frame = ui_frame();
        let _ = crate::export::files::write_atomic(&dir.path().join("x.txt"), |w| w.write_all(b"x"));
    }

    #[test]
    #[should_panic(expected = "the window's frame code called `open`")]
    fn opening_a_journal_from_frame_code_panics() {
        let dir = tempfile::tempdir().expect("tempdir");
        let _frame = ui_frame();
        let _ = Store::open(&dir.path().join("j.sqlite"));
    }
}
