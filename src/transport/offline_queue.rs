//! The driver's ticks, never lost for want of signal. A tap shows at once; the tick is written
//! to the phone's storage before it is sent, leaves the queue only when the server has it, and
//! is sent again when the phone comes back online (and on every refresh while it waits). Each
//! tick carries the moment it was tapped, so one sent late never overwrites a newer one.

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::allocate::BookingId;
use super::pickup_list::Mark;
use super::RunId;

/// One tap on "Boarded" or "Not here".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tick {
    pub run: RunId,
    pub booking: BookingId,
    pub mark: Mark,
    /// When it was tapped, RFC 3339 in UTC.
    pub at: String,
}

impl Tick {
    pub fn now(run: RunId, booking: BookingId, mark: Mark) -> Self {
        #[cfg(feature = "hydrate")]
        let at = String::from(js_sys::Date::new_0().to_iso_string());
        #[cfg(not(feature = "hydrate"))]
        let at = chrono::Utc::now().to_rfc3339();
        Self {
            run,
            booking,
            mark,
            at,
        }
    }

    /// One line of the stored queue: "run booking mark at".
    fn line(&self) -> String {
        format!(
            "{} {} {} {}",
            self.run,
            self.booking,
            self.mark.slug(),
            self.at
        )
    }

    fn parse(line: &str) -> Option<Self> {
        let mut parts = line.split_whitespace();
        Some(Self {
            run: RunId(parts.next()?.parse().ok()?),
            booking: BookingId(parts.next()?.parse().ok()?),
            mark: Mark::parse(parts.next()?)?,
            at: parts.next()?.to_string(),
        })
    }
}

/// Reads a stored queue, skipping anything unreadable (an old format, a hand edit).
pub fn read_queue(text: &str) -> Vec<Tick> {
    text.lines().filter_map(Tick::parse).collect()
}

pub fn write_queue(ticks: &[Tick]) -> String {
    ticks.iter().map(Tick::line).collect::<Vec<_>>().join("\n")
}

/// The page's queue: what the driver tapped, what still waits to be sent.
#[derive(Clone, Copy)]
pub struct Queue {
    /// Latest tap per passenger, and whether it still waits to be sent.
    local: RwSignal<BTreeMap<(RunId, BookingId), (Mark, bool)>>,
    waiting: RwSignal<Vec<Tick>>,
    sending: RwSignal<bool>,
    refused: RwSignal<Option<String>>,
    /// Bumped after ticks reach the server, so the list reloads (only the browser sends).
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    changes: RwSignal<usize>,
}

#[cfg(feature = "hydrate")]
const STORAGE_KEY: &str = "turnaround.driver-ticks";

impl Queue {
    pub fn new(changes: RwSignal<usize>) -> Self {
        let queue = Self {
            local: RwSignal::new(BTreeMap::new()),
            waiting: RwSignal::new(Vec::new()),
            sending: RwSignal::new(false),
            refused: RwSignal::new(None),
            changes,
        };
        #[cfg(feature = "hydrate")]
        {
            let stored = read_queue(&storage_get().unwrap_or_default());
            queue.local.update(|local| {
                for tick in &stored {
                    local.insert((tick.run, tick.booking), (tick.mark, true));
                }
            });
            queue.waiting.set(stored);
            let online = window_event_listener(leptos::ev::online, move |_| queue.send_waiting());
            on_cleanup(move || online.remove());
            queue.send_waiting();
        }
        queue
    }

    pub fn mark_of(&self, run: RunId, booking: BookingId) -> Option<(Mark, bool)> {
        self.local.with(|local| local.get(&(run, booking)).copied())
    }

    pub fn is_sending(&self) -> bool {
        self.sending.get_untracked()
    }

    /// A tap: shown at once, stored on the phone, then sent.
    pub fn tap(&self, tick: Tick) {
        self.local
            .update(|local| _ = local.insert((tick.run, tick.booking), (tick.mark, true)));
        self.waiting.update(|waiting| waiting.push(tick));
        self.store();
        self.send_waiting();
    }

    fn store(&self) {
        #[cfg(feature = "hydrate")]
        self.waiting
            .with_untracked(|waiting| storage_set(&write_queue(waiting)));
    }

    /// Sends what waits, oldest first; stops at the first "no signal" and keeps the rest.
    pub fn send_waiting(&self) {
        #[cfg(feature = "hydrate")]
        {
            if self.sending.get_untracked() || self.waiting.with_untracked(Vec::is_empty) {
                return;
            }
            self.sending.set(true);
            let queue = *self;
            leptos::task::spawn_local(async move {
                queue.send_in_order().await;
                queue.sending.set(false);
            });
        }
    }

    #[cfg(feature = "hydrate")]
    async fn send_in_order(self) {
        use super::api::mark_passenger;
        use crate::error::AppError;
        let mut sent = false;
        while let Some(tick) = self.waiting.with_untracked(|w| w.first().cloned()) {
            let result = mark_passenger(
                tick.run,
                tick.booking,
                tick.mark.slug().to_string(),
                tick.at.clone(),
            )
            .await;
            match result {
                Err(AppError::Offline) => break,
                Ok(()) => self.settle(&tick, None),
                Err(error) => self.settle(&tick, Some(error.to_string())),
            }
            sent = true;
        }
        if sent {
            self.changes.update(|n| *n += 1);
        }
    }

    /// The server has answered for `tick`: it leaves the queue either way; a refusal is said.
    #[cfg(feature = "hydrate")]
    fn settle(&self, tick: &Tick, refused: Option<String>) {
        self.waiting.update(|waiting| {
            if let Some(i) = waiting.iter().position(|t| t == tick) {
                waiting.remove(i);
            }
        });
        self.store();
        let still_waiting = self.waiting.with_untracked(|w| {
            w.iter()
                .any(|t| t.run == tick.run && t.booking == tick.booking)
        });
        self.local.update(|local| {
            let key = (tick.run, tick.booking);
            match (&refused, still_waiting) {
                (_, true) => {}
                (None, false) => _ = local.insert(key, (tick.mark, false)),
                (Some(_), false) => _ = local.remove(&key),
            }
        });
        if refused.is_some() {
            self.refused.set(refused);
        }
    }

    /// "3 ticks saved on this phone…" while any wait; a refusal, if the server gave one.
    pub fn banner(&self) -> Option<AnyView> {
        let waiting = self.waiting.with(Vec::len);
        let refused = self.refused.get();
        if waiting == 0 && refused.is_none() {
            return None;
        }
        let saved = match waiting {
            0 => None,
            1 => Some("No signal: 1 tick is saved on this phone. It will be sent when you are back online.".to_string()),
            n => Some(format!("No signal: {n} ticks are saved on this phone. They will be sent when you are back online.")),
        };
        Some(
            view! {
                {saved.map(|s| view! { <p class="offline-banner" role="status">{s}</p> })}
                {refused.map(|r| view! { <p class="error-notice" role="alert">{r}</p> })}
            }
            .into_any(),
        )
    }
}

#[cfg(feature = "hydrate")]
fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

#[cfg(feature = "hydrate")]
fn storage_get() -> Option<String> {
    storage()?.get_item(STORAGE_KEY).ok().flatten()
}

#[cfg(feature = "hydrate")]
fn storage_set(text: &str) {
    if let Some(storage) = storage() {
        // Private browsing can refuse storage: the tick still waits in memory.
        let _ = storage.set_item(STORAGE_KEY, text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_queue_reads_back_in_order_and_skips_junk() {
        let ticks = vec![
            Tick {
                run: RunId(3),
                booking: BookingId(40),
                mark: Mark::NotHere,
                at: "2026-03-03T09:05:00.000Z".into(),
            },
            Tick {
                run: RunId(3),
                booking: BookingId(41),
                mark: Mark::Boarded,
                at: "2026-03-03T09:06:10.500Z".into(),
            },
        ];
        let stored = write_queue(&ticks);
        assert_eq!(read_queue(&stored), ticks);
        let damaged = format!("{stored}\nnot a tick\n3 x boarded now");
        assert_eq!(read_queue(&damaged), ticks);
    }
}
