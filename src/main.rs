//! The `zhen` command: a thin front over the library.

use std::process::ExitCode;

mod cli;

fn main() -> ExitCode {
    cli::main()
}
