//! The planner's geometry, shared by server and browser: which columns ("lanes") a view shows,
//! where a session sits in them, and what a drag or a key press turns a session into. No IO and
//! no DOM here, so the arithmetic behind "drag Tennis to 11:00 on Court 2" is unit-tested, and
//! the proposal the browser checks is the one the server is sent.

use crate::days_and_times::clock;
use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Timelike};
use serde::{Deserialize, Serialize};

use super::clash::{short_day, Booked, Calendar, Proposal};
use super::week::{is_weekend, Week};
use crate::people::PersonId;
use crate::venues::{SpaceId, VenueId};

/// Sessions snap to quarter hours when dragged or nudged.
pub const STEP_MINUTES: i64 = 15;
/// The shortest session a resize can make.
pub const SHORTEST_MINUTES: i64 = 15;

/// Whose calendar the planner shows: one venue's spaces, or one person's sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lens {
    Venue(VenueId),
    Person(PersonId),
}

/// One column of the planner: a day, and the space or person it is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lane {
    pub date: NaiveDate,
    /// Set in a venue's view: sessions in this space.
    pub space: Option<SpaceId>,
    /// Set in a person's view: sessions this person leads.
    pub lead: Option<PersonId>,
    /// "Tue 5 Jan".
    pub day_label: String,
    /// The space's or person's name.
    pub label: String,
}

impl Lane {
    /// Does `session` belong in this column?
    pub fn holds(&self, session: &Booked) -> bool {
        session.starts_at.date() == self.date
            && self.space.is_none_or(|space| space == session.space)
            && self.lead.is_none_or(|lead| session.leads.contains(&lead))
    }

    /// "Court 1, Tue 5 Jan": what a screen reader hears for the column.
    pub fn name(&self) -> String {
        format!("{}, {}", self.label, self.day_label)
    }
}

/// The venues the calendar knows, in name order, each once.
pub fn venues(calendar: &Calendar) -> Vec<(VenueId, String)> {
    let mut venues: Vec<(VenueId, String)> = Vec::new();
    for space in &calendar.spaces {
        if !venues.iter().any(|(id, _)| *id == space.venue) {
            venues.push((space.venue, space.venue_name.clone()));
        }
    }
    venues.sort_by(|a, b| a.1.cmp(&b.1));
    venues
}

/// The days a week view shows: Monday to Friday, and a weekend day only when something is on.
pub fn days_to_show(week: Week, calendar: &Calendar) -> Vec<NaiveDate> {
    week.days()
        .filter(|day| {
            !is_weekend(*day) || calendar.sessions.iter().any(|s| s.starts_at.date() == *day)
        })
        .collect()
}

/// The columns for `lens` on `days`: each day's spaces at the venue (whole spaces before their
/// halves), or each day for the person.
pub fn lanes(calendar: &Calendar, lens: Lens, days: &[NaiveDate]) -> Vec<Lane> {
    let mut lanes = Vec::new();
    for &date in days {
        let day_label = short_day(date);
        match lens {
            Lens::Venue(venue) => {
                let mut spaces: Vec<_> = calendar
                    .spaces
                    .iter()
                    .filter(|s| s.venue == venue)
                    .collect();
                // A hall, then its halves, then the next space: the order people think in.
                spaces.sort_by_key(|s| {
                    (
                        s.part_of.unwrap_or(s.id),
                        s.part_of.is_some(),
                        s.name.clone(),
                    )
                });
                lanes.extend(spaces.into_iter().map(|space| Lane {
                    date,
                    space: Some(space.id),
                    lead: None,
                    day_label: day_label.clone(),
                    label: space.name.clone(),
                }));
            }
            Lens::Person(person) => lanes.push(Lane {
                date,
                space: None,
                lead: Some(person),
                day_label: day_label.clone(),
                label: calendar.lead_name(person),
            }),
        }
    }
    lanes
}

/// The hours the planner draws: the venue's widest opening hours (or 08:00–18:00), stretched
/// to hold every session shown, in whole hours.
pub fn hours_shown(
    calendar: &Calendar,
    lens: Lens,
    sessions: &[&Booked],
) -> (NaiveTime, NaiveTime) {
    let hour = |h: u32| NaiveTime::from_hms_opt(h, 0, 0).unwrap_or(NaiveTime::MIN);
    let venue_hours: Vec<_> = match lens {
        Lens::Venue(venue) => calendar.hours.iter().filter(|h| h.venue == venue).collect(),
        Lens::Person(_) => Vec::new(),
    };
    let mut from = venue_hours.iter().map(|h| h.opens).min().unwrap_or(hour(8));
    let mut to = venue_hours
        .iter()
        .map(|h| h.closes)
        .max()
        .unwrap_or(hour(18));
    for session in sessions {
        from = from.min(session.starts_at.time());
        to = to.max(session.ends_at.time());
    }
    let to_hour = if to.minute() > 0 {
        (to.hour() + 1).min(24)
    } else {
        to.hour()
    };
    let to = if to_hour >= 24 {
        NaiveTime::from_hms_opt(23, 59, 0).unwrap_or(to)
    } else {
        hour(to_hour)
    };
    (hour(from.hour()), to)
}

/// Minutes from the top of the planner to `time`.
pub fn minutes_from(top: NaiveTime, time: NaiveTime) -> i64 {
    (time - top).num_minutes()
}

/// A time `minutes` below the top of the planner, snapped to the nearest quarter hour.
pub fn time_at(top: NaiveTime, minutes: f64) -> NaiveTime {
    let snapped = snap(minutes.round() as i64);
    let clamped = snapped.clamp(
        0,
        24 * 60 - STEP_MINUTES - minutes_from(NaiveTime::MIN, top),
    );
    top + Duration::minutes(clamped)
}

/// Rounds minutes to the nearest quarter hour.
pub fn snap(minutes: i64) -> i64 {
    (minutes as f64 / STEP_MINUTES as f64).round() as i64 * STEP_MINUTES
}

/// What a drag or key presses do to a session: `shift` moves it (same length) that many minutes
/// later, `stretch` moves only its end. Both snap to quarter hours.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub shift: i64,
    pub stretch: i64,
}

impl std::ops::Add for Change {
    type Output = Change;

    /// Key presses add up: two "later"s and a "longer" make 30 minutes later, 15 longer.
    fn add(self, other: Change) -> Change {
        Change {
            shift: self.shift + other.shift,
            stretch: self.stretch + other.stretch,
        }
    }
}

/// Where `session` would be after `change`, dropped in `lane`. A person's lane keeps the
/// session's own space; a venue's lane puts it in that lane's space.
pub fn changed(session: &Booked, lane: &Lane, change: Change) -> Proposal {
    let day_shift = lane.date.num_days_from_ce() - session.starts_at.date().num_days_from_ce();
    let by = Duration::days(i64::from(day_shift)) + Duration::minutes(snap(change.shift));
    let starts_at = session.starts_at + by;
    let ends_at = (session.ends_at + by + Duration::minutes(snap(change.stretch)))
        .max(starts_at + Duration::minutes(SHORTEST_MINUTES));
    Proposal {
        id: Some(session.id),
        space: lane.space.unwrap_or(session.space),
        leads: session.leads.clone(),
        starts_at,
        ends_at,
    }
}

/// A key press while a session has focus: up and down move it a quarter hour, left and right
/// a lane, Shift with up/down changes its length. Returns the change and the lanes to move;
/// `None` for keys the planner leaves alone.
pub fn nudge(key: &str, with_shift: bool) -> Option<(Change, i64)> {
    let step = |shift, stretch| Some((Change { shift, stretch }, 0));
    match (key, with_shift) {
        ("ArrowUp", false) => step(-STEP_MINUTES, 0),
        ("ArrowDown", false) => step(STEP_MINUTES, 0),
        ("ArrowUp", true) => step(0, -STEP_MINUTES),
        ("ArrowDown", true) => step(0, STEP_MINUTES),
        ("ArrowLeft", _) => Some((Change::default(), -1)),
        ("ArrowRight", _) => Some((Change::default(), 1)),
        _ => None,
    }
}

/// Where a planner page points: the week, whose calendar, one day or all, and a new session
/// being planned. Lives in the address (`/plan?week=…&show=venue-3&day=…`), so every view can be
/// linked, reloaded and used without JavaScript.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlannerAddress {
    pub week: Option<Week>,
    pub lens: Option<Lens>,
    pub day: Option<NaiveDate>,
    pub new: Option<NewSlot>,
    /// The form plans a repeating series rather than one session.
    pub repeat: bool,
}

/// The empty slot someone chose to plan a session in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewSlot {
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub space: Option<SpaceId>,
}

impl Lens {
    /// "venue-3" or "person-12", as in the address and the "Show" menu.
    pub fn slug(self) -> String {
        match self {
            Lens::Venue(id) => format!("venue-{id}"),
            Lens::Person(id) => format!("person-{id}"),
        }
    }

    pub fn from_slug(text: &str) -> Option<Self> {
        let (kind, id) = text.split_once('-')?;
        let id: i64 = id.parse().ok()?;
        match kind {
            "venue" => Some(Lens::Venue(VenueId(id))),
            "person" => Some(Lens::Person(PersonId(id))),
            _ => None,
        }
    }
}

impl PlannerAddress {
    /// Reads the address's query; anything unreadable is left out rather than refused, so a
    /// mangled link still opens the planner.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        let date =
            |key: &str| get(key).and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
        let week = get("week").and_then(|w| Week::parse(&w).ok());
        let new = (get("new").as_deref() == Some("1"))
            .then(|| {
                Some(NewSlot {
                    date: date("date")?,
                    start: get("start")
                        .and_then(|t| NaiveTime::parse_from_str(&t, "%H:%M").ok())?,
                    space: get("space").and_then(|s| s.parse().ok()).map(SpaceId),
                })
            })
            .flatten();
        Self {
            week,
            lens: get("show").and_then(|s| Lens::from_slug(&s)),
            day: date("day").filter(|d| week.is_none_or(|w| w.contains(*d))),
            repeat: new.is_some() && get("repeat").as_deref() == Some("1"),
            new,
        }
    }

    /// The address as a link.
    pub fn href(&self) -> String {
        let mut query: Vec<String> = Vec::new();
        if let Some(week) = self.week {
            query.push(format!("week={}", week.monday()));
        }
        if let Some(lens) = self.lens {
            query.push(format!("show={}", lens.slug()));
        }
        if let Some(day) = self.day {
            query.push(format!("day={day}"));
        }
        if let Some(slot) = self.new {
            query.push(format!(
                "new=1&date={}&start={}",
                slot.date,
                clock(slot.start)
            ));
            if let Some(space) = slot.space {
                query.push(format!("space={space}"));
            }
            if self.repeat {
                query.push("repeat=1".into());
            }
        }
        if query.is_empty() {
            "/plan".into()
        } else {
            format!("/plan?{}", query.join("&"))
        }
    }

    /// The same view, another week (the whole week: a day view does not carry over).
    pub fn with_week(&self, week: Week) -> Self {
        Self {
            week: Some(week),
            day: None,
            new: None,
            ..self.clone()
        }
    }

    /// The same week, one day of it (`None`: the whole week).
    pub fn with_day(&self, day: Option<NaiveDate>) -> Self {
        Self {
            day,
            new: None,
            ..self.clone()
        }
    }

    /// The same view with the "plan a session" form open on `slot` (`None`: closed).
    pub fn with_new(&self, slot: Option<NewSlot>) -> Self {
        Self {
            new: slot,
            repeat: false,
            ..self.clone()
        }
    }

    /// The same form, planning one session or a repeating series.
    pub fn with_repeat(&self, repeat: bool) -> Self {
        Self {
            repeat: repeat && self.new.is_some(),
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduling::clash::{OpeningHours, Space};
    use crate::scheduling::session::SessionId;
    use chrono::{NaiveDateTime, Weekday};

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    fn space(id: i64, venue: i64, name: &str, part_of: Option<i64>) -> Space {
        Space {
            id: SpaceId(id),
            venue: VenueId(venue),
            venue_name: format!("Venue {venue}"),
            name: name.into(),
            part_of: part_of.map(SpaceId),
        }
    }

    fn calendar() -> Calendar {
        Calendar {
            spaces: vec![
                space(3, 2, "Hall, door end", Some(1)),
                space(1, 2, "Main hall", None),
                space(2, 2, "Hall, stage end", Some(1)),
                space(4, 2, "Kitchen", None),
                space(5, 7, "Court 1", None),
            ],
            hours: vec![OpeningHours {
                venue: VenueId(2),
                weekday: Weekday::Tue,
                opens: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
                closes: NaiveTime::from_hms_opt(17, 30, 0).unwrap(),
            }],
            sessions: vec![tennis()],
            lead_names: vec![(PersonId(9), "Priya Shah".into())],
            buffer_minutes: 0,
        }
    }

    fn tennis() -> Booked {
        Booked {
            id: SessionId(1),
            activity: "Tennis".into(),
            space: SpaceId(5),
            leads: vec![PersonId(9)],
            starts_at: at("2027-01-05 10:00"),
            ends_at: at("2027-01-05 12:00"),
        }
    }

    fn tuesday() -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 1, 5).unwrap()
    }

    #[test]
    fn a_venue_shows_each_whole_space_before_its_halves_for_every_day() {
        let days = [tuesday(), tuesday().succ_opt().unwrap()];
        let lanes = lanes(&calendar(), Lens::Venue(VenueId(2)), &days);
        let names: Vec<_> = lanes.iter().take(4).map(|l| l.label.as_str()).collect();
        assert_eq!(
            names,
            ["Main hall", "Hall, door end", "Hall, stage end", "Kitchen"]
        );
        assert_eq!(lanes.len(), 8);
        assert_eq!(lanes[4].date, days[1]);
        assert_eq!(lanes[0].name(), "Main hall, Tue 5 Jan");
    }

    #[test]
    fn a_person_gets_one_lane_a_day_holding_the_sessions_they_lead() {
        let lanes = lanes(&calendar(), Lens::Person(PersonId(9)), &[tuesday()]);
        assert_eq!(lanes.len(), 1);
        assert!(lanes[0].holds(&tennis()));
        let other = Lens::Person(PersonId(10));
        assert!(!super::lanes(&calendar(), other, &[tuesday()])[0].holds(&tennis()));
    }

    #[test]
    fn weekends_show_only_when_something_is_on() {
        let week = Week::containing(tuesday());
        let mut calendar = calendar();
        assert_eq!(days_to_show(week, &calendar).len(), 5);
        let mut saturday = tennis();
        saturday.starts_at = at("2027-01-09 10:00");
        saturday.ends_at = at("2027-01-09 11:00");
        calendar.sessions.push(saturday);
        assert_eq!(days_to_show(week, &calendar).len(), 6);
    }

    #[test]
    fn the_planner_spans_opening_hours_and_every_session_in_whole_hours() {
        let calendar = calendar();
        let (from, to) = hours_shown(&calendar, Lens::Venue(VenueId(2)), &[]);
        assert_eq!((from.hour(), to.hour()), (9, 18));
        let early = Booked {
            starts_at: at("2027-01-05 07:45"),
            ..tennis()
        };
        let (from, _) = hours_shown(&calendar, Lens::Venue(VenueId(2)), &[&early]);
        assert_eq!(from.hour(), 7);
        let (from, to) = hours_shown(&calendar, Lens::Person(PersonId(9)), &[]);
        assert_eq!((from.hour(), to.hour()), (8, 18));
    }

    #[test]
    fn pointer_positions_snap_to_quarter_hours_and_stay_on_the_day() {
        let top = NaiveTime::from_hms_opt(8, 0, 0).unwrap();
        assert_eq!(
            time_at(top, 121.0),
            NaiveTime::from_hms_opt(10, 0, 0).unwrap()
        );
        assert_eq!(
            time_at(top, 128.0),
            NaiveTime::from_hms_opt(10, 15, 0).unwrap()
        );
        assert_eq!(time_at(top, -40.0), top);
        assert_eq!(
            time_at(top, 5000.0),
            NaiveTime::from_hms_opt(23, 45, 0).unwrap()
        );
    }

    #[test]
    fn dragging_moves_the_whole_session_into_the_lane_dropped_on() {
        let calendar = calendar();
        let lanes = lanes(
            &calendar,
            Lens::Venue(VenueId(2)),
            &[tuesday().succ_opt().unwrap()],
        );
        let kitchen = &lanes[3];
        let moved = changed(
            &tennis(),
            kitchen,
            Change {
                shift: 68,
                stretch: 0,
            },
        );
        assert_eq!(moved.space, SpaceId(4));
        assert_eq!(moved.starts_at, at("2027-01-06 11:15"));
        assert_eq!(moved.ends_at, at("2027-01-06 13:15"));
        assert_eq!(moved.id, Some(SessionId(1)));
        assert_eq!(moved.leads, vec![PersonId(9)]);
    }

    #[test]
    fn stretching_moves_only_the_end_and_never_below_a_quarter_hour() {
        let lane = &lanes(&calendar(), Lens::Person(PersonId(9)), &[tuesday()])[0];
        let longer = changed(
            &tennis(),
            lane,
            Change {
                shift: 0,
                stretch: 30,
            },
        );
        assert_eq!(
            (longer.starts_at, longer.ends_at),
            (at("2027-01-05 10:00"), at("2027-01-05 12:30"))
        );
        assert_eq!(
            longer.space,
            SpaceId(5),
            "a person's lane keeps the session's space"
        );
        let tiny = changed(
            &tennis(),
            lane,
            Change {
                shift: 0,
                stretch: -600,
            },
        );
        assert_eq!(tiny.ends_at, at("2027-01-05 10:15"));
    }

    #[test]
    fn addresses_round_trip_and_ignore_what_they_cannot_read() {
        let address = PlannerAddress {
            week: Some(Week::containing(tuesday())),
            lens: Some(Lens::Venue(VenueId(2))),
            day: Some(tuesday()),
            new: Some(NewSlot {
                date: tuesday(),
                start: NaiveTime::from_hms_opt(11, 15, 0).unwrap(),
                space: Some(SpaceId(4)),
            }),
            repeat: true,
        };
        let href = address.href();
        assert_eq!(
            href,
            "/plan?week=2027-01-04&show=venue-2&day=2027-01-05&new=1&date=2027-01-05&start=11:15&space=4&repeat=1"
        );
        let query: Vec<(String, String)> = href["/plan?".len()..]
            .split('&')
            .filter_map(|pair| {
                pair.split_once('=')
                    .map(|(k, v)| (k.to_owned(), v.to_owned()))
            })
            .collect();
        let get = |key: &str| query.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        assert_eq!(PlannerAddress::from_query(get), address);
        let mangled = |key: &str| match key {
            "week" => Some("soon".to_owned()),
            "show" => Some("venue-x".to_owned()),
            "new" => Some("1".to_owned()),
            _ => None,
        };
        assert_eq!(
            PlannerAddress::from_query(mangled),
            PlannerAddress::default()
        );
        assert_eq!(PlannerAddress::default().href(), "/plan");
        assert!(
            !address.with_new(None).with_repeat(true).repeat,
            "no form, no series"
        );
        assert_eq!(
            Lens::from_slug("person-12"),
            Some(Lens::Person(PersonId(12)))
        );
    }

    #[test]
    fn keys_nudge_by_a_quarter_hour_or_a_lane_and_add_up() {
        let (later, lanes_moved) = nudge("ArrowDown", false).unwrap();
        assert_eq!(
            (later, lanes_moved),
            (
                Change {
                    shift: 15,
                    stretch: 0
                },
                0
            )
        );
        let (longer, _) = nudge("ArrowDown", true).unwrap();
        assert_eq!(
            later + later + longer,
            Change {
                shift: 30,
                stretch: 15
            }
        );
        assert_eq!(nudge("ArrowRight", false), Some((Change::default(), 1)));
        assert_eq!(nudge("a", false), None);
        let lane = &lanes(&calendar(), Lens::Person(PersonId(9)), &[tuesday()])[0];
        let both = changed(&tennis(), lane, later + later + longer);
        assert_eq!(
            (both.starts_at, both.ends_at),
            (at("2027-01-05 10:30"), at("2027-01-05 12:45"))
        );
    }
}
