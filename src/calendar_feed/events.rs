//! What goes into one person's feed, in words, with times turned from the programme's local
//! clock into UTC. Pure: the data layer hands over the rows, the caller gives the zone and "now".
//!
//! Privacy: a feed is copied to Google's or Apple's servers, so it names the activity only
//! ("Tennis"), never what the programme is for, and never another participant: leads get the
//! number booked, drivers the number to collect at each stop.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::ics::{Alarm, Calendar, Event, Status};
use crate::my_activities::words::spoken_time;
use crate::transport::pickup_list::Ride;
use crate::transport::solver::Direction;

/// Everything one person's feed shows, whatever their roles.
#[derive(Debug, Clone, Default)]
pub struct FeedItems {
    /// Their own places on sessions (booked, or cancelled by them or by us; not waitlisted).
    pub booked: Vec<BookedSession>,
    /// Sessions they lead.
    pub led: Vec<LedSession>,
    /// Published runs they drive.
    pub driven: Vec<DrivenRun>,
}

/// A venue as a calendar shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub name: String,
    pub address: String,
    pub latitude: f64,
    pub longitude: f64,
}

#[derive(Debug, Clone)]
pub struct BookedSession {
    pub session_id: i64,
    pub activity: String,
    pub place: Place,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub session_cancelled: bool,
    pub cancel_reason: Option<String>,
    /// They said they cannot come (or staff cancelled their place).
    pub booking_cancelled: bool,
    pub needs_lift: bool,
    pub what_to_bring: Option<String>,
    /// First names of the staff leading it: who to ask for.
    pub leads: Vec<String>,
    /// sessions.revision + bookings.revision: both only ever go up.
    pub sequence: i64,
    /// Their pick-up, from published runs only.
    pub ride: Option<Ride>,
}

#[derive(Debug, Clone)]
pub struct LedSession {
    pub session_id: i64,
    pub activity: String,
    pub space: String,
    pub place: Place,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub cancelled: bool,
    pub cancel_reason: Option<String>,
    pub booked: i64,
    pub capacity: i64,
    pub sequence: i64,
}

#[derive(Debug, Clone)]
pub struct DrivenRun {
    pub run_id: i64,
    pub direction: Direction,
    pub date: NaiveDate,
    pub departs: NaiveTime,
    pub arrives: NaiveTime,
    /// The activities at the venue that day, for the title.
    pub activities: Vec<String>,
    pub venue: Place,
    pub stops: Vec<RunStop>,
    pub sequence: i64,
}

#[derive(Debug, Clone)]
pub struct RunStop {
    pub name: String,
    pub landmark: String,
    pub at: NaiveTime,
    pub latitude: f64,
    pub longitude: f64,
    /// How many get on (outbound) or off (return) here. A number, never names.
    pub riders: i64,
}

/// The evening reminder, the day before, on the programme's clock.
const EVENING_BEFORE: NaiveTime = match NaiveTime::from_hms_opt(19, 0, 0) {
    Some(time) => time,
    None => panic!("19:00 is a time"),
};

/// The calendar for one person. `zone` is the programme's (`programme_settings.time_zone`).
pub fn build(items: &FeedItems, zone: Tz, now: DateTime<Utc>) -> Calendar {
    let mut events = Vec::new();
    for session in &items.led {
        events.push(led_event(session, zone, now));
    }
    for booking in &items.booked {
        // Someone who leads a session they are also booked on gets it once, as its lead.
        if items.led.iter().any(|l| l.session_id == booking.session_id) {
            continue;
        }
        events.push(booked_event(booking, zone, now));
    }
    for run in &items.driven {
        events.push(run_event(run, zone, now));
    }
    events.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.uid.cmp(&b.uid)));
    Calendar {
        name: "My activities".into(),
        events,
    }
}

/// A local programme time as UTC. In the hour the clocks go back, the first of the two is
/// meant; a time that does not exist (the hour skipped in spring) is read an hour later.
pub fn to_utc(local: NaiveDateTime, zone: Tz) -> DateTime<Utc> {
    let resolved = zone.from_local_datetime(&local).earliest().or_else(|| {
        zone.from_local_datetime(&(local + Duration::hours(1)))
            .earliest()
    });
    match resolved {
        Some(at) => at.with_timezone(&Utc),
        // No zone skips two hours; treat the time as UTC rather than fail the whole feed.
        None => Utc.from_utc_datetime(&local),
    }
}

fn stop_time(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text, "%H:%M").ok()
}

fn uid_for_session(id: i64) -> String {
    format!("session-{id}@turnaround")
}

fn place_line(place: &Place) -> String {
    format!("{}, {}", place.name, place.address)
}

/// The two reminders: 19:00 the evening before, and an hour before `first_move` (the pick-up,
/// or the start for people who make their own way).
fn reminders(
    day: NaiveDate,
    first_move: NaiveTime,
    zone: Tz,
    evening: String,
    hour_before: String,
) -> Vec<Alarm> {
    let mut alarms = Vec::new();
    if let Some(eve) = day.pred_opt() {
        alarms.push(Alarm {
            at: to_utc(eve.and_time(EVENING_BEFORE), zone),
            description: evening,
        });
    }
    alarms.push(Alarm {
        at: to_utc(day.and_time(first_move), zone) - Duration::hours(1),
        description: hour_before,
    });
    alarms
}

fn booked_event(booking: &BookedSession, zone: Tz, now: DateTime<Utc>) -> Event {
    let cancelled = booking.session_cancelled || booking.booking_cancelled;
    let start = booking.starts_at.time();
    let ride = booking.ride.as_ref().filter(|_| !cancelled);
    let pickup = ride.and_then(|r| stop_time(&r.pickup_at).map(|at| (r, at)));
    let mut lines = Vec::new();
    if booking.session_cancelled {
        lines.push(match &booking.cancel_reason {
            Some(reason) => format!("Cancelled: {reason}"),
            None => "Cancelled.".to_owned(),
        });
    } else if booking.booking_cancelled {
        lines.push("You are not going to this one.".to_owned());
    } else {
        match pickup {
            Some((ride, at)) => {
                let mut line = format!(
                    "Pick-up: {} at {}. Wait by {}.",
                    ride.pickup_point,
                    spoken_time(at),
                    ride.landmark.trim_end_matches('.')
                );
                if let Some(back) = ride.dropoff_at.as_deref().and_then(stop_time) {
                    line.push_str(&format!(" Back there at about {}.", spoken_time(back)));
                }
                lines.push(line);
            }
            None if booking.needs_lift => lines
                .push("Your pick-up time will show here once the lifts are planned.".to_owned()),
            None => lines.push(format!(
                "You are making your own way there. It starts at {}.",
                spoken_time(start)
            )),
        }
        if let Some(what) = &booking.what_to_bring {
            lines.push(format!("Bring: {what}"));
        }
        if !booking.leads.is_empty() {
            lines.push(format!(
                "Ask for {} when you get there.",
                booking.leads.join(" or ")
            ));
        }
    }
    let alarms = if cancelled {
        Vec::new()
    } else {
        let day = booking.starts_at.date();
        match pickup {
            Some((ride, at)) => reminders(
                day,
                at,
                zone,
                format!(
                    "Tomorrow: {}. Pick-up at {}, {}.",
                    booking.activity,
                    spoken_time(at),
                    ride.pickup_point
                ),
                format!(
                    "Pick-up in one hour: {} at {}.",
                    ride.pickup_point,
                    spoken_time(at)
                ),
            ),
            None => reminders(
                day,
                start,
                zone,
                format!("Tomorrow: {} at {}.", booking.activity, spoken_time(start)),
                format!("{} starts in one hour.", booking.activity),
            ),
        }
    };
    Event {
        uid: uid_for_session(booking.session_id),
        sequence: booking.sequence,
        stamp: now,
        start: to_utc(booking.starts_at, zone),
        end: to_utc(booking.ends_at, zone),
        summary: booking.activity.clone(),
        location: Some(place_line(&booking.place)),
        geo: Some((booking.place.latitude, booking.place.longitude)),
        description: lines.join("\n"),
        status: if cancelled {
            Status::Cancelled
        } else {
            Status::Confirmed
        },
        alarms,
    }
}

fn led_event(session: &LedSession, zone: Tz, now: DateTime<Utc>) -> Event {
    let places = if session.capacity == 1 {
        "place"
    } else {
        "places"
    };
    let description = if session.cancelled {
        match &session.cancel_reason {
            Some(reason) => format!("Cancelled: {reason}"),
            None => "Cancelled.".to_owned(),
        }
    } else {
        format!(
            "You are leading this session, in {}.\n{} of {} {places} booked.",
            session.space, session.booked, session.capacity
        )
    };
    let start = session.starts_at.time();
    Event {
        uid: uid_for_session(session.session_id),
        sequence: session.sequence,
        stamp: now,
        start: to_utc(session.starts_at, zone),
        end: to_utc(session.ends_at, zone),
        summary: session.activity.clone(),
        location: Some(place_line(&session.place)),
        geo: Some((session.place.latitude, session.place.longitude)),
        description,
        status: if session.cancelled {
            Status::Cancelled
        } else {
            Status::Confirmed
        },
        alarms: if session.cancelled {
            Vec::new()
        } else {
            reminders(
                session.starts_at.date(),
                start,
                zone,
                format!(
                    "Tomorrow: {} at {}, {}.",
                    session.activity,
                    spoken_time(start),
                    session.place.name
                ),
                format!("{} starts in one hour.", session.activity),
            )
        },
    }
}

fn run_event(run: &DrivenRun, zone: Tz, now: DateTime<Utc>) -> Event {
    let what = if run.activities.is_empty() {
        run.venue.name.clone()
    } else {
        run.activities.join(" and ")
    };
    let riders = |n: i64, verb: &str| match n {
        1 => format!("1 to {verb}"),
        n => format!("{n} to {verb}"),
    };
    let mut lines = Vec::new();
    let (job, location, geo) = match run.direction {
        Direction::Outbound => {
            lines.push("Pick-ups, in order:".to_owned());
            for stop in &run.stops {
                lines.push(format!(
                    "{} {} ({}). {}",
                    spoken_time(stop.at),
                    stop.name,
                    riders(stop.riders, "collect"),
                    stop.landmark
                ));
            }
            lines.push(format!(
                "At {} by {}.",
                place_line(&run.venue),
                spoken_time(run.arrives)
            ));
            let first = run.stops.first();
            (
                format!("pick-ups for {what}"),
                first.map_or_else(
                    || place_line(&run.venue),
                    |s| format!("{}, {}", s.name, s.landmark),
                ),
                first.map_or((run.venue.latitude, run.venue.longitude), |s| {
                    (s.latitude, s.longitude)
                }),
            )
        }
        Direction::Return => {
            lines.push(format!(
                "Leave {} at {}.",
                run.venue.name,
                spoken_time(run.departs)
            ));
            lines.push("Drop-offs, in order:".to_owned());
            for stop in &run.stops {
                lines.push(format!(
                    "{} {} ({}).",
                    spoken_time(stop.at),
                    stop.name,
                    riders(stop.riders, "drop off")
                ));
            }
            (
                format!("lifts home from {what}"),
                place_line(&run.venue),
                (run.venue.latitude, run.venue.longitude),
            )
        }
    };
    lines.push("Names and phone numbers are on your pick-up list in the app.".to_owned());
    let start = to_utc(run.date.and_time(run.departs), zone);
    let end = to_utc(run.date.and_time(run.arrives), zone).max(start + Duration::minutes(15));
    Event {
        uid: format!("run-{}@turnaround", run.run_id),
        sequence: run.sequence,
        stamp: now,
        start,
        end,
        summary: format!("Drive: {job}"),
        location: Some(location),
        geo: Some(geo),
        description: lines.join("\n"),
        status: Status::Confirmed,
        alarms: reminders(
            run.date,
            run.departs,
            zone,
            format!(
                "Tomorrow you drive the {job}, leaving at {}.",
                spoken_time(run.departs)
            ),
            format!(
                "You drive the {job} in one hour, leaving at {}.",
                spoken_time(run.departs)
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar_feed::ics;

    fn london() -> Tz {
        "Europe/London".parse().unwrap()
    }

    fn local(date: &str, time: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(&format!("{date} {time}"), "%Y-%m-%d %H:%M").unwrap()
    }

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn courts() -> Place {
        Place {
            name: "Clarence Park Tennis Courts".into(),
            address: "Hatfield Road, St Albans".into(),
            latitude: 51.754,
            longitude: -0.32,
        }
    }

    fn tennis(date: &str) -> BookedSession {
        BookedSession {
            session_id: 42,
            activity: "Tennis".into(),
            place: courts(),
            starts_at: local(date, "10:00"),
            ends_at: local(date, "15:30"),
            session_cancelled: false,
            cancel_reason: None,
            booking_cancelled: false,
            needs_lift: true,
            what_to_bring: Some("Trainers and a drink.".into()),
            leads: vec!["Tom".into(), "Priya".into()],
            sequence: 2,
            ride: Some(Ride {
                pickup_point_id: crate::transport::PickupPointId(1),
                pickup_point: "Watford Junction".into(),
                landmark: "Bus stops outside the main entrance".into(),
                pickup_at: "08:55".into(),
                dropoff_at: Some("14:55".into()),
            }),
        }
    }

    fn now() -> DateTime<Utc> {
        utc("2027-03-01T12:00:00Z")
    }

    #[test]
    fn local_times_become_utc_on_both_sides_of_the_spring_clock_change() {
        // The clocks go forward at 01:00 UTC on Sunday 28 March 2027.
        assert_eq!(
            to_utc(local("2027-03-26", "10:00"), london()),
            utc("2027-03-26T10:00:00Z")
        );
        assert_eq!(
            to_utc(local("2027-03-29", "10:00"), london()),
            utc("2027-03-29T09:00:00Z")
        );
        // 01:30 on the 28th does not exist: read as 02:30 BST.
        assert_eq!(
            to_utc(local("2027-03-28", "01:30"), london()),
            utc("2027-03-28T01:30:00Z")
        );
        // 01:30 on 31 October 2027 happens twice: the first (BST) is meant.
        assert_eq!(
            to_utc(local("2027-10-31", "01:30"), london()),
            utc("2027-10-31T00:30:00Z")
        );
    }

    #[test]
    fn a_booking_reads_in_plain_words_with_two_reminders() {
        let calendar = build(
            &FeedItems {
                booked: vec![tennis("2027-03-29")],
                ..FeedItems::default()
            },
            london(),
            now(),
        );
        let event = &calendar.events[0];
        assert_eq!(event.summary, "Tennis");
        assert_eq!(event.uid, "session-42@turnaround");
        assert_eq!(event.sequence, 2);
        assert_eq!(event.start, utc("2027-03-29T09:00:00Z"));
        assert_eq!(event.end, utc("2027-03-29T14:30:00Z"));
        assert_eq!(
            event.location.as_deref(),
            Some("Clarence Park Tennis Courts, Hatfield Road, St Albans")
        );
        assert_eq!(event.geo, Some((51.754, -0.32)));
        assert_eq!(
            event.description,
            "Pick-up: Watford Junction at 8:55 am. Wait by Bus stops outside the main entrance. \
             Back there at about 2:55 pm.\nBring: Trainers and a drink.\n\
             Ask for Tom or Priya when you get there."
        );
        assert_eq!(event.status, Status::Confirmed);
        // 19:00 on Sunday 28 March is BST: 18:00 UTC. The pick-up at 8:55 BST is 07:55 UTC.
        let at: Vec<_> = event.alarms.iter().map(|a| a.at).collect();
        assert_eq!(
            at,
            vec![utc("2027-03-28T18:00:00Z"), utc("2027-03-29T06:55:00Z")]
        );
        assert_eq!(
            event.alarms[1].description,
            "Pick-up in one hour: Watford Junction at 8:55 am."
        );
    }

    #[test]
    fn someone_making_their_own_way_is_reminded_an_hour_before_the_start() {
        let mut booking = tennis("2027-03-26");
        booking.needs_lift = false;
        booking.ride = None;
        let event = &build(
            &FeedItems {
                booked: vec![booking],
                ..FeedItems::default()
            },
            london(),
            now(),
        )
        .events[0];
        assert!(event
            .description
            .starts_with("You are making your own way there."));
        assert_eq!(event.alarms[0].at, utc("2027-03-25T19:00:00Z"));
        assert_eq!(event.alarms[1].at, utc("2027-03-26T09:00:00Z"));
    }

    #[test]
    fn cancelled_sessions_and_places_are_sent_cancelled_without_reminders() {
        let mut by_us = tennis("2027-03-26");
        by_us.session_cancelled = true;
        by_us.cancel_reason = Some("Courts flooded".into());
        by_us.sequence = 3;
        let mut by_them = tennis("2027-03-29");
        by_them.session_id = 43;
        by_them.booking_cancelled = true;
        let calendar = build(
            &FeedItems {
                booked: vec![by_us, by_them],
                ..FeedItems::default()
            },
            london(),
            now(),
        );
        for event in &calendar.events {
            assert_eq!(event.status, Status::Cancelled);
            assert!(event.alarms.is_empty());
            assert!(!event.description.contains("Pick-up"));
        }
        assert_eq!(calendar.events[0].uid, "session-42@turnaround");
        assert_eq!(calendar.events[0].sequence, 3);
        assert_eq!(calendar.events[0].description, "Cancelled: Courts flooded");
    }

    #[test]
    fn leads_get_counts_and_drivers_stops_but_nobody_gets_names() {
        let led = LedSession {
            session_id: 7,
            activity: "Fishing".into(),
            space: "North lake pegs".into(),
            place: courts(),
            starts_at: local("2027-03-24", "10:00"),
            ends_at: local("2027-03-24", "15:30"),
            cancelled: false,
            cancel_reason: None,
            booked: 4,
            capacity: 6,
            sequence: 0,
        };
        let run = DrivenRun {
            run_id: 9,
            direction: Direction::Outbound,
            date: NaiveDate::from_ymd_opt(2027, 3, 29).unwrap(),
            departs: NaiveTime::from_hms_opt(8, 55, 0).unwrap(),
            arrives: NaiveTime::from_hms_opt(9, 50, 0).unwrap(),
            activities: vec!["Tennis".into()],
            venue: courts(),
            stops: vec![RunStop {
                name: "Watford Junction".into(),
                landmark: "Bus stops".into(),
                at: NaiveTime::from_hms_opt(8, 55, 0).unwrap(),
                latitude: 51.6636,
                longitude: -0.3962,
                riders: 2,
            }],
            sequence: 1,
        };
        let calendar = build(
            &FeedItems {
                led: vec![led],
                driven: vec![run],
                ..FeedItems::default()
            },
            london(),
            now(),
        );
        assert_eq!(calendar.events.len(), 2);
        let fishing = &calendar.events[0];
        assert_eq!(fishing.summary, "Fishing");
        assert!(fishing.description.contains("4 of 6 places booked"));
        let drive = &calendar.events[1];
        assert_eq!(drive.summary, "Drive: pick-ups for Tennis");
        assert_eq!(drive.uid, "run-9@turnaround");
        assert_eq!(drive.start, utc("2027-03-29T07:55:00Z"));
        assert!(drive
            .description
            .contains("8:55 am Watford Junction (2 to collect). Bus stops"));
        assert_eq!(drive.alarms.len(), 2);
        let text = ics::write(&calendar);
        assert!(text.contains("SUMMARY:Drive: pick-ups for Tennis"));
    }

    #[test]
    fn a_lead_booked_on_their_own_session_sees_it_once() {
        let booking = tennis("2027-03-29");
        let led = LedSession {
            session_id: booking.session_id,
            activity: "Tennis".into(),
            space: "Court 1".into(),
            place: courts(),
            starts_at: booking.starts_at,
            ends_at: booking.ends_at,
            cancelled: false,
            cancel_reason: None,
            booked: 1,
            capacity: 1,
            sequence: 0,
        };
        let calendar = build(
            &FeedItems {
                booked: vec![booking],
                led: vec![led],
                driven: vec![],
            },
            london(),
            now(),
        );
        assert_eq!(calendar.events.len(), 1);
        assert!(calendar.events[0]
            .description
            .contains("1 of 1 place booked"));
    }
}
