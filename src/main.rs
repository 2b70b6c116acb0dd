fn main() -> std::process::ExitCode {
    newsroom::main()
}
