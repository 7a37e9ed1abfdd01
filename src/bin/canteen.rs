//! The `canteen` binary: everything lives in the library; this only hands over.

#[global_allocator]
static ALLOCATOR: canteen::Allocator = canteen::Allocator;

fn main() -> std::process::ExitCode {
    canteen::cli::main()
}
