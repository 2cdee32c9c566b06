//! Refusals of people who are not signed in, counted a minute at a time.
//!
//! Every refusal of a signed-in person is its own audit row. Refusals of anonymous callers are
//! mostly noise (a crawler, a scanner, an expired tab) and the audit log can never be pruned,
//! so they are counted in memory and written as one row per address per minute, with the count:
//! 2,000 anonymous requests in a minute are one row, not 2,000.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::data::audit::{self, AuditAction, AuditEvent};
use crate::data::Db;

/// Past this many addresses in one minute (an attack from many addresses), the rest are counted
/// together under one row, so memory stays bounded.
const MAX_ADDRESSES: usize = 10_000;
const MANY_ADDRESSES: &str = "many addresses";

#[derive(Debug, Default)]
pub struct RefusalTally {
    /// By address and minute: a flood that runs on past the minute starts a new row.
    windows: Mutex<HashMap<(String, i64), Window>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Window {
    /// Unix time / 60 of the minute being counted.
    minute: i64,
    count: u64,
    /// The first thing refused in the minute, e.g. `/api/people` or `sign-in back-off`.
    example: String,
}

impl RefusalTally {
    /// Counts one refusal of an anonymous caller at `unix_time`.
    pub fn note(&self, address: Option<&str>, what: &str, unix_time: i64) {
        let minute = unix_time.div_euclid(60);
        let Ok(mut windows) = self.windows.lock() else {
            return;
        };
        let mut key = (address.unwrap_or("unknown").to_owned(), minute);
        if !windows.contains_key(&key) && windows.len() >= MAX_ADDRESSES {
            key = (MANY_ADDRESSES.to_owned(), minute);
        }
        let window = windows.entry(key).or_insert_with(|| Window {
            minute,
            count: 0,
            example: what.chars().take(100).collect(),
        });
        window.count += 1;
    }

    /// Takes the windows whose minute has ended (all of them with `everything`).
    fn take(&self, now_minute: i64, everything: bool) -> Vec<(String, Window)> {
        let Ok(mut windows) = self.windows.lock() else {
            return Vec::new();
        };
        let finished: Vec<(String, i64)> = windows
            .iter()
            .filter(|(_, window)| everything || window.minute < now_minute)
            .map(|(key, _)| key.clone())
            .collect();
        finished
            .into_iter()
            .filter_map(|key| windows.remove(&key).map(|window| (key.0, window)))
            .collect()
    }

    /// Writes one audit row per finished window.
    pub async fn flush(&self, db: &Db, unix_time: i64, everything: bool) {
        for (address, window) in self.take(unix_time.div_euclid(60), everything) {
            let detail = describe(&window);
            let ip = (address != "unknown" && address != MANY_ADDRESSES).then_some(address);
            let event = AuditEvent {
                actor: None,
                action: AuditAction::AccessRefused,
                subject: None,
                detail: &detail,
                ip: ip.as_deref(),
            };
            if let Err(e) = audit::record(db, event).await {
                tracing::warn!(error = %e, "cannot record anonymous refusals");
            }
        }
    }
}

/// The row's words, e.g. "not signed in: 2000 requests refused in the minute from 14:05 UTC,
/// first /api/people". The count comes first so it can be read back.
fn describe(window: &Window) -> String {
    let minute_of_day = window.minute.rem_euclid(24 * 60);
    format!(
        "not signed in: {} requests refused in the minute from {:02}:{:02} UTC, first {}",
        window.count,
        minute_of_day / 60,
        minute_of_day % 60,
        window.example
    )
}

/// Writes finished minutes every 15 seconds, for as long as the server runs.
pub fn spawn_flusher(tally: Arc<RefusalTally>, db: Db) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(15));
        loop {
            every.tick().await;
            tally
                .flush(&db, chrono::Utc::now().timestamp(), false)
                .await;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_window_per_address_per_minute_with_its_count() {
        let tally = RefusalTally::default();
        for second in 0..2000 {
            tally.note(Some("203.0.113.9"), "/api/people", 600 + second % 60);
        }
        tally.note(Some("198.51.100.1"), "/api/week_programme", 630);
        // The minute is not over: nothing to write yet.
        assert!(tally.take(10, false).is_empty());
        let mut finished = tally.take(11, false);
        finished.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(finished.len(), 2);
        assert_eq!(finished[1].1.count, 2000);
        assert!(describe(&finished[1].1).starts_with("not signed in: 2000 requests refused"));
        assert!(describe(&finished[1].1).contains("00:10 UTC, first /api/people"));
        assert!(tally.take(99, true).is_empty());
    }

    #[test]
    fn a_flood_from_many_addresses_stays_bounded() {
        let tally = RefusalTally::default();
        for n in 0..(MAX_ADDRESSES + 500) {
            tally.note(Some(&format!("10.0.{}.{}", n / 256, n % 256)), "/", 0);
        }
        let windows = tally.take(0, true);
        assert_eq!(windows.len(), MAX_ADDRESSES + 1);
        let many = windows
            .iter()
            .find(|(key, _)| key == MANY_ADDRESSES)
            .unwrap();
        assert_eq!(many.1.count, 500);
    }
}
