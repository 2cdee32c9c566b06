//! Configuration from environment variables, with defaults that suit a developer's machine.

use leptos::config::LeptosOptions;

use super::client_address::{parse_trusted, AddressRange};

/// Everything the server reads from its environment, read once at start-up.
#[derive(Debug, Clone)]
pub struct Config {
    /// `DATABASE_URL`; default `sqlite://turnaround.db` in the working directory.
    pub database_url: String,
    /// `RUST_LOG`, in tracing's filter syntax; default `info`.
    pub log_filter: String,
    /// `TURNAROUND_DEMO_DATA=1` loads the fictional demo programme into an empty database.
    pub load_demo_data: bool,
    /// `TURNAROUND_PUBLIC_URL`: the address people use, e.g. `https://turnaround.example.org`;
    /// default `http://` + the site address. Invite links are built on it, and an `https`
    /// address turns on secure cookies.
    pub public_url: String,
    pub secure_cookies: bool,
    /// `TURNAROUND_CALENDAR_DAYS_AHEAD`: how many days ahead calendar feeds reach (1–731,
    /// default 90).
    pub calendar_days_ahead: i64,
    /// `TURNAROUND_TRUSTED_PROXIES`: the reverse proxies whose `X-Forwarded-For` is believed
    /// (addresses or CIDR ranges); none by default.
    pub trusted_proxies: Vec<AddressRange>,
    /// `TURNAROUND_ANONYMOUS_PER_MINUTE`: requests a minute one address may make without
    /// signing in (10–100000, default 300), in bursts of up to as many.
    pub anonymous_per_minute: u32,
    /// `TURNAROUND_IDLE_MINUTES`: a sign-in ends after this long without a request (1–720,
    /// default 60). `TURNAROUND_IDLE_SECONDS` sets it in seconds instead (10–43200; for tests).
    pub idle_timeout_seconds: i64,
    /// `TURNAROUND_WELLBEING_FILE`: the wellbeing questionnaire the programme holds a licence for,
    /// as a JSON file (see the README); the short demo questionnaire when unset.
    pub wellbeing: crate::wellbeing::instrument::Instrument,
    /// Site address (`LEPTOS_SITE_ADDR`, default 127.0.0.1:3000), site root and bundle names.
    pub leptos: LeptosOptions,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("the Leptos settings in the environment are not valid: {0}")]
    Leptos(String),
    #[error("TURNAROUND_PUBLIC_URL must start with http:// or https://, not “{0}”")]
    PublicUrl(String),
    #[error("{name} must be 1/true/yes or 0/false/no, not “{value}”")]
    NotABoolean { name: &'static str, value: String },
    #[error("TURNAROUND_CALENDAR_DAYS_AHEAD must be a number of days from 1 to 731, not “{0}”")]
    CalendarDaysAhead(String),
    #[error("TURNAROUND_TRUSTED_PROXIES: {0}")]
    TrustedProxies(String),
    #[error("{name} must be a whole number from {min} to {max}, not “{value}”")]
    OutOfRange {
        name: &'static str,
        min: i64,
        max: i64,
        value: String,
    },
    #[error(
        "TURNAROUND_DEMO_DATA=1 cannot be used with an https:// TURNAROUND_PUBLIC_URL: the demo \
         accounts' password and two-step secret are public. Unset TURNAROUND_DEMO_DATA on a real server"
    )]
    DemoOverHttps,
    #[error("TURNAROUND_WELLBEING_FILE: {0}")]
    Wellbeing(String),
}

/// Generous for a person (the sign-in page and a few tries), small for a scanner.
pub const DEFAULT_ANONYMOUS_PER_MINUTE: u32 = 300;
pub const DEFAULT_IDLE_MINUTES: i64 = 60;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://turnaround.db";

/// Three months: enough to plan around, small enough for a phone to fetch every hour.
pub const DEFAULT_CALENDAR_DAYS_AHEAD: i64 = 90;

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        let mut leptos = leptos::config::get_configuration(None)
            .map_err(|e| ConfigError::Leptos(e.to_string()))?
            .leptos_options;
        // cargo-leptos bakes the bundle name in at build time; a plain `cargo build` does not.
        if leptos.output_name.is_empty() {
            leptos.output_name = env!("CARGO_PKG_NAME").into();
        }
        // A release build names its bundle by content (`turnaround.<hash>.wasm`, listed in the
        // hash file cargo-leptos writes beside the binary), so a phone never mixes two releases.
        // The binary is run directly, not by cargo-leptos, so the file itself says so.
        leptos.hash_files |= bundle_names_hashed(&leptos.hash_file);
        let public_url = var("TURNAROUND_PUBLIC_URL")
            .map(|url| url.trim_end_matches('/').to_owned())
            .unwrap_or_else(|| format!("http://{}", leptos.site_addr));
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(ConfigError::PublicUrl(public_url));
        }
        let load_demo_data = flag("TURNAROUND_DEMO_DATA")?;
        if load_demo_data && public_url.starts_with("https://") {
            return Err(ConfigError::DemoOverHttps);
        }
        let trusted_proxies = match var("TURNAROUND_TRUSTED_PROXIES") {
            None => Vec::new(),
            Some(text) => parse_trusted(&text).map_err(ConfigError::TrustedProxies)?,
        };
        let anonymous_per_minute = number("TURNAROUND_ANONYMOUS_PER_MINUTE", 10, 100_000)?
            .map_or(DEFAULT_ANONYMOUS_PER_MINUTE, |n| n as u32);
        let idle_timeout_seconds = match number("TURNAROUND_IDLE_SECONDS", 10, 43_200)? {
            Some(seconds) => seconds,
            None => number("TURNAROUND_IDLE_MINUTES", 1, 720)?
                .map_or(DEFAULT_IDLE_MINUTES * 60, |minutes| minutes * 60),
        };
        let calendar_days_ahead = match var("TURNAROUND_CALENDAR_DAYS_AHEAD") {
            None => DEFAULT_CALENDAR_DAYS_AHEAD,
            Some(text) => text
                .trim()
                .parse()
                .ok()
                .filter(|days| (1..=731).contains(days))
                .ok_or(ConfigError::CalendarDaysAhead(text))?,
        };
        let wellbeing = wellbeing_instrument()?;
        Ok(Self {
            wellbeing,
            calendar_days_ahead,
            secure_cookies: public_url.starts_with("https://"),
            public_url,
            database_url: database_url(),
            log_filter: var("RUST_LOG").unwrap_or_else(|| "info".into()),
            load_demo_data,
            trusted_proxies,
            anonymous_per_minute,
            idle_timeout_seconds,
            leptos,
        })
    }
}

/// `DATABASE_URL`, or the default. The server and the `backup` and `restore` commands all find
/// the database here, so a command run with the server's environment works on the server's file.
pub fn database_url() -> String {
    var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.into())
}

/// The questionnaire in `TURNAROUND_WELLBEING_FILE`, checked; the demo one when unset.
fn wellbeing_instrument() -> Result<crate::wellbeing::instrument::Instrument, ConfigError> {
    use crate::wellbeing::instrument::{Instrument, DEMO_INSTRUMENT};
    let json = match var("TURNAROUND_WELLBEING_FILE") {
        None => DEMO_INSTRUMENT.to_owned(),
        Some(path) => std::fs::read_to_string(&path)
            .map_err(|e| ConfigError::Wellbeing(format!("cannot read {path}: {e}")))?,
    };
    Instrument::load(&json).map_err(ConfigError::Wellbeing)
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// An optional whole number within `min..=max`.
fn number(name: &'static str, min: i64, max: i64) -> Result<Option<i64>, ConfigError> {
    let Some(text) = var(name) else {
        return Ok(None);
    };
    text.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .map(Some)
        .ok_or(ConfigError::OutOfRange {
            name,
            min,
            max,
            value: text,
        })
}

fn flag(name: &'static str) -> Result<bool, ConfigError> {
    match var(name).map(|v| v.trim().to_ascii_lowercase()) {
        None => Ok(false),
        Some(v) if matches!(v.as_str(), "1" | "true" | "yes" | "on") => Ok(true),
        Some(v) if matches!(v.as_str(), "0" | "false" | "no" | "off") => Ok(false),
        Some(value) => Err(ConfigError::NotABoolean { name, value }),
    }
}

/// Whether cargo-leptos left a hash file (`hash_file`) beside the running binary: the bundle's
/// file names then carry their content's hash.
fn bundle_names_hashed(hash_file: &str) -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|binary| binary.parent().map(|dir| dir.join(hash_file)))
        .is_some_and(|path| path.is_file())
}
