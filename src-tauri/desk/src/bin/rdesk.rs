//! The `rdesk` binary.

fn main() {
    std::process::exit(desk::cli::main());
}
