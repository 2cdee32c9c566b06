//! "Nothing lost": random sequences of what people do — enrol, cancel, "I can't come", lifts,
//! moving and cancelling sessions and series, planning the day's transport, moving and locking
//! passengers, drivers, publishing, keep-apart pairs, a rider's needs, a vehicle's seats — each
//! through the real data function against a real SQLite file, with `data::invariants` run after
//! every step: it must find nothing, and every refusal must be a sentence, never our own
//! failure.
//!
//! `TURNAROUND_PROPTEST_CASES=5000 cargo test --features ssr --test integration invariants`
//! runs more cases than the default. Shrunk failures are kept in
//! `proptest-regressions/integration/invariants.txt` and replayed first on every run.

mod checker;
mod command;
mod regressions;
mod steps;
mod world;

use proptest::test_runner::{Config, FileFailurePersistence, TestCaseError, TestRunner};
use turnaround::data::invariants;
use turnaround::error::AppError;

use steps::{apply, step, Step};
use world::{now, Template, World};

/// Enough to meet most two- and three-step stories in well under a minute of a debug build.
const DEFAULT_CASES: u32 = 200;
/// Steps per case: a day's worth of changes.
const MAX_STEPS: usize = 24;

fn config() -> Config {
    let cases = std::env::var("TURNAROUND_PROPTEST_CASES")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(DEFAULT_CASES);
    Config {
        cases,
        // An integration test has no `src/` beside it for proptest's default place: name the
        // file, at the top of the repository with the other regressions.
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/proptest-regressions/integration/invariants.txt"
        )))),
        source_file: Some(file!()),
        ..Config::default()
    }
}

/// A refusal people can act on: a sentence of ours, not "something went wrong".
fn is_a_sentence(error: &AppError) -> bool {
    let text = error.to_string();
    *error != AppError::Internal
        && text.chars().next().is_some_and(char::is_uppercase)
        && text.ends_with(['.', '?', '!'])
}

async fn run_case(template: &Template, steps: &[Step]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().expect("temporary folder");
    let db = template.copy_into(dir.path()).await;
    let world: &World = &template.world;
    let mut outcome = Ok(());
    for (number, step) in steps.iter().enumerate() {
        if let Err(refusal) = apply(&db, world, step).await {
            if !is_a_sentence(&refusal) {
                outcome = Err(TestCaseError::fail(format!(
                    "step {number} {step:?} was refused with {refusal:?}: not a sentence"
                )));
                break;
            }
        }
        let broken = invariants::violations(&db, now())
            .await
            .expect("the checker reads the database");
        if !broken.is_empty() {
            outcome = Err(TestCaseError::fail(format!(
                "after step {number} {step:?}:\n  {}",
                broken.join("\n  ")
            )));
            break;
        }
    }
    db.close().await;
    outcome
}

#[test]
fn every_invariant_holds_after_every_step() {
    // An internal error's detail is only in the log: show it beside the failure.
    let _ = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::ERROR)
        .with_test_writer()
        .try_init();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let template = runtime.block_on(Template::new());
    let started = std::time::Instant::now();
    let mut runner = TestRunner::new(config());
    let steps = proptest::collection::vec(step(), 1..=MAX_STEPS);
    let result = runner.run(&steps, |steps| {
        runtime.block_on(run_case(&template, &steps))
    });
    println!(
        "invariants: up to {} cases in {:.1} s",
        runner.config().cases,
        started.elapsed().as_secs_f64()
    );
    if let Err(failure) = result {
        panic!("{failure}");
    }
}
