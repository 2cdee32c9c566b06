//! `turnaround transport solve`, run as an operator runs it: the documented examples solve to
//! plans the independent checker accepts, and bad input is refused with exit code 2 and a
//! message naming the field or the file.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use turnaround::transport::solver::check::check;
use turnaround::transport::solver::{Instance, Plan};

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/transport")
        .join(name)
}

fn solve(file: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_turnaround"))
        .args(["transport", "solve"])
        .arg(file)
        .output()
        .unwrap()
}

fn solve_stdin(text: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_turnaround"))
        .args(["transport", "solve", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Solves an example and checks the plan against its own instance, not against a stored answer.
fn solves_and_checks(name: &str) -> (Instance, Plan) {
    let path = example(name);
    let instance: Instance =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let output = solve(&path);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let plan: Plan = serde_json::from_slice(&output.stdout).unwrap();

    let run_total: u32 = plan.runs.iter().map(|run| run.driving_minutes).sum();
    assert_eq!(plan.total_driving_minutes, run_total);

    // Everyone asked for is carried or listed as left off, exactly once.
    let mut seen = Vec::new();
    for run in &plan.runs {
        for visit in &run.visits {
            seen.extend(visit.board.iter().map(|b| b.rider.clone()));
        }
    }
    seen.extend(plan.unserved.iter().map(|u| u.rider.clone()));
    let asked: BTreeSet<String> = instance.requests.iter().map(|r| r.rider.clone()).collect();
    assert_eq!(seen.len(), asked.len(), "{seen:?}");
    assert_eq!(seen.into_iter().collect::<BTreeSet<_>>(), asked);

    let total = check(&instance, &plan)
        .unwrap()
        .unwrap_or_else(|violations| panic!("{violations:?}"));
    assert_eq!(total, plan.total_driving_minutes);
    (instance, plan)
}

#[test]
fn the_everyday_example_gets_a_checked_plan() {
    let (instance, plan) = solves_and_checks("everyday.json");
    // One vehicle, few riders: the exact solver answers, and the example has room for all.
    assert!(plan.proven_optimal);
    let seats: u32 = instance.vehicles.iter().map(|v| v.seats).sum();
    let wanted: u32 = instance
        .requests
        .iter()
        .filter(|r| !r.wheelchair)
        .map(|r| r.load)
        .sum();
    assert!(wanted <= seats);
    assert!(plan.unserved.is_empty(), "{:?}", plan.unserved);
}

#[test]
fn the_time_matrix_example_gets_a_checked_plan() {
    let (instance, plan) = solves_and_checks("matrix.json");
    assert!(instance.time_matrix.is_some());
    assert!(!plan.runs.is_empty());
}

#[test]
fn standard_input_gives_the_same_plan_as_the_file() {
    let path = example("everyday.json");
    let from_file = solve(&path);
    let from_stdin = solve_stdin(&std::fs::read_to_string(&path).unwrap());
    assert_eq!(from_stdin.status.code(), Some(0), "{}", stderr(&from_stdin));
    assert_eq!(from_stdin.stdout, from_file.stdout);
}

/// The everyday example with one field changed.
fn everyday_with(change: impl FnOnce(&mut serde_json::Value)) -> String {
    let text = std::fs::read_to_string(example("everyday.json")).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    change(&mut json);
    serde_json::to_string_pretty(&json).unwrap()
}

fn refused(text: &str) -> String {
    let output = solve_stdin(text);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    stderr(&output)
}

#[test]
fn an_unknown_pickup_is_refused_naming_the_field() {
    let message = refused(&everyday_with(|json| {
        json["requests"][2]["pickup"] = "Garston libary".into();
    }));
    assert!(message.contains("requests[2].pickup"), "{message}");
    assert!(message.contains("Garston libary"), "{message}");
}

#[test]
fn negative_seats_are_refused_naming_the_field() {
    let message = refused(&everyday_with(|json| {
        json["vehicles"][0]["seats"] = (-7).into();
    }));
    assert!(message.contains("vehicles[0].seats"), "{message}");
}

#[test]
fn a_misspelt_field_is_refused_naming_it() {
    let message = refused(&everyday_with(|json| {
        let request = json["requests"][0].as_object_mut().unwrap();
        let minutes = request.remove("max_ride_minutes").unwrap();
        request.insert("max_ride_minute".into(), minutes);
    }));
    assert!(message.contains("requests[0].max_ride_minute"), "{message}");
    assert!(message.contains("max_ride_minutes"), "{message}");
}

#[test]
fn broken_json_is_refused_with_its_line() {
    let message = refused("{\n  \"venue\": ");
    assert!(message.contains("not valid JSON"), "{message}");
    assert!(message.contains("line 2"), "{message}");
}

#[test]
fn a_missing_file_is_refused_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-instance.json");
    let output = solve(&missing);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains(&missing.display().to_string()),
        "{}",
        stderr(&output)
    );
}

#[test]
fn help_and_unknown_commands_print_the_usage() {
    for args in [&["transport", "--help"][..], &["transport", "frobnicate"]] {
        let output = Command::new(env!("CARGO_BIN_EXE_turnaround"))
            .args(args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        assert!(
            stderr(&output).contains("turnaround transport solve INSTANCE.json"),
            "{}",
            stderr(&output)
        );
    }
}
