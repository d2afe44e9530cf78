//! The `feltsense` program: see [`feltsense::cli`].

fn main() -> std::process::ExitCode {
    feltsense::cli::main()
}
