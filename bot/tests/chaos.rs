//! A short chaos run in the test suite: random and mutated commands from random people in
//! random places, numbers at the limits, Unicode, files and clock jumps, on a real SQLite file;
//! after every step: no panic or internal error, every command answered or its refusal
//! recorded, no cross-cohort message, no anonymous choice linked to a voter, unique outbox
//! keys. The long run is `cargo bench -p bot --bench chaos`.

#[path = "common/chaos.rs"]
mod chaos;

#[tokio::test]
async fn random_and_mutated_input_breaks_no_promise() {
    let dir = tempfile::tempdir().unwrap();
    let mut cases = 0;
    for seed in [1, 2, 3, 20261202] {
        let report = chaos::run(seed, 400, dir.path()).await;
        assert!(
            report.failures.is_empty(),
            "{} failure(s), first ones:\n{}",
            report.failures.len(),
            report.failures[..report.failures.len().min(10)].join("\n")
        );
        assert!(
            report.commands > 300 && report.clock_jumps > 5,
            "{report:?}"
        );
        cases += report.cases;
    }
    assert_eq!(cases, 1600);
}
