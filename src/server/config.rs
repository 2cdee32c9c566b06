//! Configuration from environment variables, with defaults that suit a developer's machine.

use leptos::config::LeptosOptions;

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
}

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
        let public_url = var("TURNAROUND_PUBLIC_URL")
            .map(|url| url.trim_end_matches('/').to_owned())
            .unwrap_or_else(|| format!("http://{}", leptos.site_addr));
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(ConfigError::PublicUrl(public_url));
        }
        let calendar_days_ahead = match var("TURNAROUND_CALENDAR_DAYS_AHEAD") {
            None => DEFAULT_CALENDAR_DAYS_AHEAD,
            Some(text) => text
                .trim()
                .parse()
                .ok()
                .filter(|days| (1..=731).contains(days))
                .ok_or(ConfigError::CalendarDaysAhead(text))?,
        };
        Ok(Self {
            calendar_days_ahead,
            secure_cookies: public_url.starts_with("https://"),
            public_url,
            database_url: var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.into()),
            log_filter: var("RUST_LOG").unwrap_or_else(|| "info".into()),
            load_demo_data: flag("TURNAROUND_DEMO_DATA")?,
            leptos,
        })
    }
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn flag(name: &'static str) -> Result<bool, ConfigError> {
    match var(name).map(|v| v.trim().to_ascii_lowercase()) {
        None => Ok(false),
        Some(v) if matches!(v.as_str(), "1" | "true" | "yes" | "on") => Ok(true),
        Some(v) if matches!(v.as_str(), "0" | "false" | "no" | "off") => Ok(false),
        Some(value) => Err(ConfigError::NotABoolean { name, value }),
    }
}
