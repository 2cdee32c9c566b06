//! `turnaround transport solve INSTANCE.json`: plans one run from a JSON instance and prints
//! the plan as JSON, so the solver can be tried, scripted and compared without the app.
//!
//! Every refusal is one paragraph on standard error naming what to fix (the file, or the field
//! as a path into the JSON) and exits with 2; the plan alone goes to standard output, so it can
//! be piped into another program.

use super::solver::{self, Instance, InstanceError, Plan};
use std::fmt;
use std::io::{self, Read, Write};
use std::path::Path;
use std::process::ExitCode;

/// Where the instance format is described, for error messages.
const DOCS: &str = "docs/transport/README.md";

const USAGE: &str = "\
Usage: turnaround transport solve INSTANCE.json
       turnaround transport solve -      (reads the instance from standard input)

Plans one transport run (who rides in which vehicle and seat, the order of the stops, each
pick-up time) and prints the plan as JSON on standard output. The instance format and the plan
are described in docs/transport/README.md; examples are in docs/transport/.";

/// Why the command could not print a plan.
#[derive(Debug)]
enum CommandError {
    /// `--help`, or wrong arguments: the word not understood, if there was one.
    Usage(Option<String>),
    Unreadable {
        source: String,
        error: io::Error,
    },
    /// The JSON is malformed or has the wrong shape; `path` is where in the document.
    NotAnInstance {
        source: String,
        path: String,
        error: serde_json::Error,
    },
    /// Well-formed JSON that describes an impossible run.
    Invalid {
        source: String,
        error: InstanceError,
    },
    /// Printing failed (a closed pipe, a full disk).
    Output(io::Error),
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Usage(None) => f.write_str(USAGE),
            Self::Usage(Some(word)) => {
                write!(
                    f,
                    "turnaround transport: unknown command “{word}”.\n{USAGE}"
                )
            }
            Self::Unreadable { source, error } => {
                write!(
                    f,
                    "turnaround transport solve: cannot read {source}: {error}."
                )
            }
            Self::NotAnInstance {
                source,
                path,
                error,
            } => {
                // serde_json's message ends with "at line L column C"; the path says which field.
                if error.is_syntax() || error.is_eof() || path == "." || path.contains('?') {
                    write!(
                        f,
                        "turnaround transport solve: {source} is not valid JSON: {error}."
                    )
                } else {
                    write!(
                        f,
                        "turnaround transport solve: {source} is not a transport instance: the \
                         field {path}: {error}. The fields are described in {DOCS}."
                    )
                }
            }
            Self::Invalid { source, error } => write!(
                f,
                "turnaround transport solve: {source} cannot be planned: the field {}: {}. \
                 The fields are described in {DOCS}.",
                error.field, error.message
            ),
            Self::Output(error) => {
                write!(
                    f,
                    "turnaround transport solve: cannot print the plan: {error}."
                )
            }
        }
    }
}

/// Runs `turnaround transport …`; `args` are the words after `transport`.
pub fn run(args: &[String]) -> ExitCode {
    match solve_command(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            ExitCode::from(2)
        }
    }
}

fn solve_command(args: &[String]) -> Result<(), CommandError> {
    let help = |word: &String| matches!(word.as_str(), "--help" | "-h" | "help");
    let file = match args {
        [command, file] if command == "solve" && !help(file) => file,
        [word, ..] if word != "solve" && !help(word) => {
            return Err(CommandError::Usage(Some(word.clone())))
        }
        _ => return Err(CommandError::Usage(None)),
    };
    let (source, text) = read(file)?;
    let instance = parse(&source, &text)?;
    let plan = solver::solve(&instance).map_err(|error| CommandError::Invalid {
        source: source.clone(),
        error,
    })?;
    print(&plan)
}

/// The instance text and how to name where it came from in messages.
fn read(file: &str) -> Result<(String, String), CommandError> {
    let mut text = String::new();
    if file == "-" {
        let source = "standard input".to_string();
        return match io::stdin().read_to_string(&mut text) {
            Ok(_) => Ok((source, text)),
            Err(error) => Err(CommandError::Unreadable { source, error }),
        };
    }
    let source = Path::new(file).display().to_string();
    match std::fs::read_to_string(file) {
        Ok(text) => Ok((source, text)),
        Err(error) => Err(CommandError::Unreadable { source, error }),
    }
}

/// Reads the instance, remembering the path to the field that did not fit.
fn parse(source: &str, text: &str) -> Result<Instance, CommandError> {
    let mut json = serde_json::Deserializer::from_str(text);
    let instance: Instance = serde_path_to_error::deserialize(&mut json).map_err(|error| {
        CommandError::NotAnInstance {
            source: source.to_string(),
            path: error.path().to_string(),
            error: error.into_inner(),
        }
    })?;
    // Trailing text after the instance ("}}" or a second document) is a mistake too.
    json.end().map_err(|error| CommandError::NotAnInstance {
        source: source.to_string(),
        path: ".".to_string(),
        error,
    })?;
    Ok(instance)
}

fn print(plan: &Plan) -> Result<(), CommandError> {
    let mut out = io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, plan).map_err(|e| CommandError::Output(e.into()))?;
    writeln!(out).map_err(CommandError::Output)?;
    out.flush().map_err(CommandError::Output)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str) -> String {
        parse("test.json", text).unwrap_err().to_string()
    }

    #[test]
    fn a_misspelt_field_is_named_with_its_path() {
        let text = r#"{"venue": {"name": "Lakeside"}, "stops": [],
            "requests": [{"rider": "a", "pikup": "A", "max_ride_minutes": 30}],
            "vehicles": []}"#;
        let message = message(text);
        assert!(message.contains("requests[0].pikup"), "{message}");
        assert!(message.contains("unknown field `pikup`"), "{message}");
        assert!(message.contains("line 2"), "{message}");
    }

    #[test]
    fn negative_seats_and_bad_times_name_their_field() {
        let seats = r#"{"venue": {"name": "L"}, "stops": [], "requests": [],
            "vehicles": [{"id": "van", "seats": -1}]}"#;
        assert!(message(seats).contains("vehicles[0].seats"));
        let time = r#"{"venue": {"name": "L"}, "stops": [], "vehicles": [],
            "requests": [{"rider": "a", "latest": "25:00", "max_ride_minutes": 30}]}"#;
        assert!(message(time).contains("requests[0].latest"));
    }

    #[test]
    fn broken_json_and_trailing_text_are_refused() {
        assert!(message(r#"{"venue": "#).contains("line 1"));
        let trailing = r#"{"venue": {"name": "L"}, "stops": [], "requests": [], "vehicles": []} x"#;
        assert!(message(trailing).contains("trailing characters"));
    }

    #[test]
    fn the_only_usage_is_solve_with_one_file() {
        let usage = |args: &[&str]| {
            let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
            match solve_command(&args) {
                Err(CommandError::Usage(word)) => word,
                other => panic!("{other:?}"),
            }
        };
        for args in [
            &[][..],
            &["solve"],
            &["--help"],
            &["solve", "--help"],
            &["solve", "a", "b"],
        ] {
            assert_eq!(usage(args), None);
        }
        assert_eq!(usage(&["bench", "x"]), Some("bench".to_string()));
    }
}
