//! "Changed: now at 11 am": what is different about a session since the participant last looked,
//! in words. Pure, so the rules are tested without a database.

use chrono::NaiveDateTime;

use super::words;

/// What a participant was shown of one session (or what it is now).
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub venue_id: i64,
    pub cancelled: bool,
    /// Their pick-up point's id and the time ("08:55"), when they had one.
    pub pickup: Option<(i64, String)>,
}

/// Names of what `now` shows, for the sentences.
pub struct Names<'a> {
    pub venue: &'a str,
    pub pickup_point: Option<&'a str>,
}

/// One short sentence per change between `before` and `now`; empty when nothing changed.
/// A cancellation says only that: the new time or place of a cancelled session does not matter.
pub fn described(before: &Shown, now: &Shown, names: &Names) -> Vec<String> {
    if now.cancelled && !before.cancelled {
        return vec!["Changed: this is now cancelled.".into()];
    }
    let mut said = Vec::new();
    if now.starts_at.date() != before.starts_at.date() {
        said.push(format!(
            "Changed: now on {}, {}.",
            now.starts_at.format("%A %-d %B"),
            words::hours(now.starts_at, now.ends_at)
        ));
    } else if now.starts_at != before.starts_at {
        said.push(format!(
            "Changed: now at {}.",
            words::spoken_time(now.starts_at.time())
        ));
    } else if now.ends_at != before.ends_at {
        said.push(format!(
            "Changed: now ends at {}.",
            words::spoken_time(now.ends_at.time())
        ));
    }
    if now.venue_id != before.venue_id {
        said.push(format!("Changed: now at {}.", names.venue));
    }
    match (&before.pickup, &now.pickup, names.pickup_point) {
        (None, Some((_, at)), Some(point)) => said.push(format!(
            "New: your pick-up is {point} at {}.",
            words::spoken_time_of(at)
        )),
        (Some((was_point, _)), Some((point_id, at)), Some(point)) if was_point != point_id => said
            .push(format!(
                "Changed: pick-up now at {point}, {}.",
                words::spoken_time_of(at)
            )),
        (Some((_, was_at)), Some((_, at)), _) if was_at != at => said.push(format!(
            "Changed: pick-up now at {}.",
            words::spoken_time_of(at)
        )),
        (Some(_), None, _) if !now.cancelled => {
            said.push("Changed: you have no pick-up now. Ask the coordinator.".into())
        }
        _ => {}
    }
    said
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(day: u32, h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2027, 3, day)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
    }

    fn shown() -> Shown {
        Shown {
            starts_at: at(2, 10, 0),
            ends_at: at(2, 15, 30),
            venue_id: 1,
            cancelled: false,
            pickup: Some((7, "08:55".into())),
        }
    }

    const NAMES: Names = Names {
        venue: "Oxhey Park",
        pickup_point: Some("Watford Junction"),
    };

    #[test]
    fn nothing_changed_says_nothing() {
        assert!(described(&shown(), &shown(), &NAMES).is_empty());
    }

    #[test]
    fn a_new_time_on_the_same_day_says_the_time() {
        let now = Shown {
            starts_at: at(2, 11, 0),
            ..shown()
        };
        assert_eq!(
            described(&shown(), &now, &NAMES),
            ["Changed: now at 11 am."]
        );
        let shorter = Shown {
            ends_at: at(2, 14, 0),
            ..shown()
        };
        assert_eq!(
            described(&shown(), &shorter, &NAMES),
            ["Changed: now ends at 2 pm."]
        );
    }

    #[test]
    fn a_new_day_says_the_day_and_hours() {
        let now = Shown {
            starts_at: at(3, 10, 0),
            ends_at: at(3, 15, 30),
            ..shown()
        };
        assert_eq!(
            described(&shown(), &now, &NAMES),
            ["Changed: now on Wednesday 3 March, 10 am to 3:30 pm."]
        );
    }

    #[test]
    fn a_new_venue_and_pickup_are_both_said() {
        let now = Shown {
            venue_id: 2,
            pickup: Some((7, "09:05".into())),
            ..shown()
        };
        assert_eq!(
            described(&shown(), &now, &NAMES),
            [
                "Changed: now at Oxhey Park.",
                "Changed: pick-up now at 9:05 am."
            ]
        );
        let elsewhere = Shown {
            pickup: Some((8, "09:05".into())),
            ..shown()
        };
        assert_eq!(
            described(&shown(), &elsewhere, &NAMES),
            ["Changed: pick-up now at Watford Junction, 9:05 am."]
        );
    }

    #[test]
    fn a_first_pickup_is_news_and_a_lost_one_is_said() {
        let before = Shown {
            pickup: None,
            ..shown()
        };
        assert_eq!(
            described(&before, &shown(), &NAMES),
            ["New: your pick-up is Watford Junction at 8:55 am."]
        );
        let lost = Shown {
            pickup: None,
            ..shown()
        };
        assert_eq!(
            described(&shown(), &lost, &NAMES),
            ["Changed: you have no pick-up now. Ask the coordinator."]
        );
    }

    #[test]
    fn a_cancellation_says_only_that() {
        let now = Shown {
            cancelled: true,
            starts_at: at(4, 9, 0),
            pickup: None,
            ..shown()
        };
        assert_eq!(
            described(&shown(), &now, &NAMES),
            ["Changed: this is now cancelled."]
        );
    }
}
