fn main() -> std::process::ExitCode {
    newsroom::cli::main()
}
