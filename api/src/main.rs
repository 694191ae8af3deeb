//! The `custos` command: runs the server and its administrative commands.

fn main() -> std::process::ExitCode {
    custos_api::memory::configure();
    custos_api::cli::main()
}
