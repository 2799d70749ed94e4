//! The `rdesk` binary.

fn main() {
    let code = desk::cli::main();
    // Benchmarks ask the process for its own peak memory (Linux: VmHWM).
    if std::env::var_os("RDESK_REPORT_PEAK_RSS").is_some() {
        if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
            if let Some(line) = status.lines().find(|l| l.starts_with("VmHWM:")) {
                eprintln!("rdesk: peak RSS {}", line["VmHWM:".len()..].trim());
            }
        }
    }
    std::process::exit(code);
}
