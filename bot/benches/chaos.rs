//! The long chaos run: `cargo bench -p bot --bench chaos` runs random and mutated input
//! against the engine for `COMPAGNON_CHAOS_SECONDS` (default 600) and prints the cases run and
//! the failures found. Each seed starts on a fresh database; a failure names its seed and step
//! so it can be replayed.

use std::time::{Duration, Instant};

#[path = "../tests/common/chaos.rs"]
mod chaos;

#[tokio::main]
async fn main() {
    // `cargo bench` passes `--bench`; a plain `cargo test --benches` run passes nothing and
    // only checks that this builds.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let seconds: u64 = std::env::var("COMPAGNON_CHAOS_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(600);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let started = Instant::now();
    let (mut cases, mut commands, mut jumps, mut seeds) = (0u64, 0u64, 0u64, 0u64);
    let mut failures = Vec::new();
    let mut seed = 1_000u64;
    while started.elapsed() < Duration::from_secs(seconds) {
        let report = chaos::run(seed, 2_000, dir.path()).await;
        cases += report.cases;
        commands += report.commands;
        jumps += report.clock_jumps;
        failures.extend(report.failures);
        seeds += 1;
        seed += 1;
        let _ = std::fs::remove_dir_all(dir.path().join(format!("data-{}", seed - 1)));
        let _ = std::fs::remove_file(dir.path().join(format!("chaos-{}.db", seed - 1)));
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "chaos: {cases} cases ({commands} commands, {jumps} clock jumps) over {seeds} seeds in {secs:.0} s ({:.0} cases/s); {} failure(s)",
        cases as f64 / secs,
        failures.len()
    );
    for f in failures.iter().take(20) {
        println!("  {f}");
    }
    if !failures.is_empty() {
        std::process::exit(1);
    }
}
