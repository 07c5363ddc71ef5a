//! Helpers shared by the end-to-end tests: running the real `compagnon` binary.
#![allow(dead_code, reason = "each test file uses some of the helpers")]

use std::io::Write;
use std::process::{Child, Command, Output, Stdio};

/// The example programme shipped with the project.
pub const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/bien-vivre-maintenant.toml"
);

/// Starts `compagnon ARGS` with `env` set, feeding `stdin` from a thread of its own: writing
/// it all before reading the output would deadlock once the child fills its output pipe.
pub fn spawn(args: &[&str], env: &[(&str, &str)], stdin: &str) -> Child {
    let mut child = Command::new(env!("CARGO_BIN_EXE_compagnon"))
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the compagnon binary starts");
    let mut input = child.stdin.take().expect("a piped stdin");
    let stdin = stdin.to_owned();
    std::thread::spawn(move || {
        // The child may stop reading (`:quit`); a broken pipe is not the test's business.
        let _ = input.write_all(stdin.as_bytes());
    });
    child
}

/// Runs `compagnon ARGS` to the end and returns its output, whatever its exit status.
pub fn output(args: &[&str], stdin: &str) -> Output {
    spawn(args, &[], stdin)
        .wait_with_output()
        .expect("compagnon ran")
}

/// Runs `compagnon ARGS` and returns its standard output; fails the test, showing both
/// outputs, when it does not succeed.
pub fn run(args: &[&str], stdin: &str) -> String {
    let out = output(args, stdin);
    let stdout = String::from_utf8(out.stdout).expect("UTF-8 output");
    assert!(
        out.status.success(),
        "compagnon {args:?} failed\nstdout:\n{stdout}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}
