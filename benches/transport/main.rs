//! `cargo bench --features ssr --bench transport`: how fast and how well the transport solver
//! plans generated runs of growing size. Prints a table; nothing passes or fails.
//!
//! Each instance is written (with its time matrix, see `generate::with_time_matrix`) to
//! `target/bench/transport/` (or `$TRANSPORT_BENCH_DIR`), with our figures in `results.json`,
//! and our plans (`*.plan.json`), so `bench/ortools_compare.py` can solve the very same runs
//! with OR-Tools and check that its model accepts our plans.

mod generate;

use serde_json::json;
use std::error::Error;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use turnaround::transport::solver::{self, check::check, Instance, Plan};

/// Fixed, so every run of the benchmark sees the same instances.
const SEED: u64 = 20_260_101;

/// At least this many solves per instance, and more until this much time has passed.
const MIN_REPETITIONS: usize = 5;
const MIN_TIME: Duration = Duration::from_millis(500);

fn main() -> Result<(), Box<dyn Error>> {
    // `cargo bench` passes `--bench`; there are no options to read.
    let dir = std::env::var_os("TRANSPORT_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench/transport")
        });
    std::fs::create_dir_all(&dir)?;
    let mut rng = generate::XorShift::new(SEED);
    let mut results = Vec::new();
    println!(
        "{:<22} {:>10} {:>10} {:>7} {:>8}",
        "instance", "ours ms", "cost min", "served", "optimal"
    );
    for (n, size) in generate::SIZES.iter().enumerate() {
        let name = format!(
            "{:02}-v{}-r{}-s{}.json",
            n + 1,
            size.vehicles,
            size.riders,
            size.stops
        );
        let instance = generate::with_time_matrix(&generate::instance(*size, &mut rng)?)?;
        std::fs::write(dir.join(&name), serde_json::to_string_pretty(&instance)?)?;
        let (plan, median) = timed(&instance)?;
        // A fast wrong answer is worth nothing: every plan goes through the checker.
        if let Err(violations) = check(&instance, &plan)? {
            return Err(format!("{name}: the plan breaks the rules: {violations:?}").into());
        }
        // Our plan too, so the comparison can check OR-Tools' model accepts it.
        let plan_name = name.replace(".json", ".plan.json");
        std::fs::write(dir.join(plan_name), serde_json::to_string_pretty(&plan)?)?;
        let served = size.riders - plan.unserved.len();
        let ms = median.as_secs_f64() * 1000.0;
        println!(
            "{name:<22} {ms:>10.3} {:>10} {:>4}/{:<2} {:>8}",
            plan.total_driving_minutes,
            served,
            size.riders,
            if plan.proven_optimal { "yes" } else { "no" }
        );
        results.push(json!({
            "instance": name,
            "vehicles": size.vehicles,
            "riders": size.riders,
            "stops": size.stops,
            "median_ms": ms,
            "cost": plan.total_driving_minutes,
            "served": served,
            "proven_optimal": plan.proven_optimal,
        }));
    }
    let summary = dir.join("results.json");
    std::fs::write(&summary, serde_json::to_string_pretty(&results)?)?;
    println!("Instances and results.json written to {}", dir.display());
    Ok(())
}

/// The plan and the median time of repeated solves (the solver is deterministic, so every
/// repetition gives the same plan).
fn timed(instance: &Instance) -> Result<(Plan, Duration), Box<dyn Error>> {
    let mut times = Vec::new();
    let started = Instant::now();
    let mut plan = None;
    while times.len() < MIN_REPETITIONS || started.elapsed() < MIN_TIME {
        let begin = Instant::now();
        let solved = solver::solve(std::hint::black_box(instance))?;
        times.push(begin.elapsed());
        plan = Some(solved);
    }
    times.sort();
    let plan = plan.ok_or("no solve ran")?;
    Ok((plan, times[times.len() / 2]))
}
