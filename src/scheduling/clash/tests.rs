//! The clash rules against a second, deliberately naive model: a session occupies every
//! 15-minute tick from its start until its end plus the buffer, in its space and every space
//! it overlaps; two sessions clash when they share a tick in a shared space, or a lead.

use std::collections::HashSet;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use proptest::prelude::*;

use super::*;

const HALL: SpaceId = SpaceId(1);
const HALF_A: SpaceId = SpaceId(2);
const HALF_B: SpaceId = SpaceId(3);
const COURT: SpaceId = SpaceId(4);

fn space(id: SpaceId, venue: i64, name: &str, part_of: Option<SpaceId>) -> Space {
    Space {
        id,
        venue: VenueId(venue),
        venue_name: format!("Venue {venue}"),
        name: name.into(),
        part_of,
    }
}

fn calendar(buffer_minutes: i64) -> Calendar {
    Calendar {
        spaces: vec![
            space(HALL, 1, "Main hall", None),
            space(HALF_A, 1, "Hall, stage end", Some(HALL)),
            space(HALF_B, 1, "Hall, door end", Some(HALL)),
            space(COURT, 2, "Court 1", None),
        ],
        hours: Vec::new(),
        sessions: Vec::new(),
        lead_names: Vec::new(),
        buffer_minutes,
    }
}

fn monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
}

fn at(day: u64, tick: u32) -> NaiveDateTime {
    (monday() + chrono::Days::new(day)).and_time(NaiveTime::MIN)
        + Duration::minutes(15 * i64::from(tick))
}

fn proposal(space: SpaceId, leads: &[i64], day: u64, from: u32, to: u32) -> Proposal {
    Proposal {
        id: None,
        space,
        leads: leads.iter().map(|&id| PersonId(id)).collect(),
        starts_at: at(day, from),
        ends_at: at(day, to),
    }
}

fn book(calendar: &mut Calendar, id: i64, p: &Proposal) {
    calendar.sessions.push(Booked {
        id: SessionId(id),
        activity: format!("Activity {id}"),
        space: p.space,
        leads: p.leads.clone(),
        starts_at: p.starts_at,
        ends_at: p.ends_at,
    });
}

/// The ground each space covers: the hall is both halves. Spaces clash when they share ground.
fn ground(space: SpaceId) -> HashSet<&'static str> {
    match space {
        HALL => HashSet::from(["stage end", "door end"]),
        HALF_A => HashSet::from(["stage end"]),
        HALF_B => HashSet::from(["door end"]),
        _ => HashSet::from(["court"]),
    }
}

/// Every 15-minute tick from `from` until `until`.
fn ticks(from: NaiveDateTime, until: NaiveDateTime) -> HashSet<NaiveDateTime> {
    let mut set = HashSet::new();
    let mut time = from;
    while time < until {
        set.insert(time);
        time += Duration::minutes(15);
    }
    set
}

/// The naive model: a session holds its ground from its start until its end plus the buffer,
/// and its leads from its start until its end.
fn naive_clash(a: &Proposal, b: &Proposal, buffer_ticks: i64) -> bool {
    let buffer = Duration::minutes(15 * buffer_ticks);
    let held = |p: &Proposal| ticks(p.starts_at, p.ends_at + buffer);
    let space_clash =
        !ground(a.space).is_disjoint(&ground(b.space)) && !held(a).is_disjoint(&held(b));
    let busy = |p: &Proposal| ticks(p.starts_at, p.ends_at);
    let lead_clash = a.leads.iter().any(|l| b.leads.contains(l)) && !busy(a).is_disjoint(&busy(b));
    space_clash || lead_clash
}

#[test]
fn names_the_clash_in_words() {
    let mut cal = calendar(0);
    book(&mut cal, 7, &proposal(COURT, &[1], 1, 40, 62));
    let clashes = cal.clashes(&proposal(COURT, &[2], 1, 44, 50));
    assert_eq!(clashes.len(), 1);
    assert_eq!(
        clashes[0].describe(|_| "Priya".into()),
        "Court 1 is taken by Activity 7, 10:00–15:30 on Tue 3 Mar."
    );
    let clashes = cal.clashes(&proposal(HALL, &[1], 1, 60, 64));
    assert_eq!(clashes.len(), 1, "another venue, but the same lead");
    assert_eq!(
        clashes[0].describe(|_| "Priya".into()),
        "Priya is leading Activity 7, 10:00–15:30 on Tue 3 Mar."
    );
}

#[test]
fn a_whole_hall_blocks_its_halves_but_the_halves_do_not_block_each_other() {
    let mut cal = calendar(0);
    book(&mut cal, 1, &proposal(HALF_A, &[], 0, 40, 48));
    assert!(cal.clashes(&proposal(HALF_B, &[], 0, 40, 48)).is_empty());
    assert!(!cal.clashes(&proposal(HALL, &[], 0, 40, 48)).is_empty());
    let mut cal = calendar(0);
    book(&mut cal, 1, &proposal(HALL, &[], 0, 40, 48));
    assert!(!cal.clashes(&proposal(HALF_B, &[], 0, 44, 52)).is_empty());
}

#[test]
fn the_buffer_keeps_the_space_free_after_a_session() {
    let mut cal = calendar(30);
    book(&mut cal, 1, &proposal(COURT, &[], 0, 40, 48)); // 10:00–12:00
    assert!(
        !cal.clashes(&proposal(COURT, &[], 0, 48, 52)).is_empty(),
        "12:00 is inside the buffer"
    );
    assert!(
        cal.clashes(&proposal(COURT, &[], 0, 50, 54)).is_empty(),
        "12:30 is free"
    );
    assert!(
        !cal.clashes(&proposal(COURT, &[], 0, 34, 40)).is_empty(),
        "the buffer after the new one too"
    );
}

#[test]
fn opening_hours_and_closed_days() {
    let mut cal = calendar(0);
    cal.hours.push(OpeningHours {
        venue: VenueId(2),
        weekday: Weekday::Mon,
        opens: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        closes: NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
    });
    assert!(cal.clashes(&proposal(COURT, &[], 0, 40, 62)).is_empty());
    assert_eq!(
        cal.clashes(&proposal(COURT, &[], 0, 32, 40))[0].describe(|_| String::new()),
        "Venue 2 is open 09:00–17:00 that day."
    );
    assert_eq!(
        cal.clashes(&proposal(COURT, &[], 1, 40, 48))[0].describe(|_| String::new()),
        "Venue 2 is closed on Tuesdays."
    );
    // Venue 1 has no hours recorded: always open.
    assert!(cal.clashes(&proposal(HALL, &[], 1, 4, 8)).is_empty());
}

#[test]
fn a_moved_session_does_not_clash_with_itself_and_bad_times_are_refused() {
    let mut cal = calendar(15);
    let p = proposal(COURT, &[1], 0, 40, 48);
    book(&mut cal, 5, &p);
    let moved = Proposal {
        id: Some(SessionId(5)),
        ..proposal(COURT, &[1], 0, 42, 50)
    };
    assert!(cal.clashes(&moved).is_empty());
    assert_eq!(
        cal.clashes(&proposal(COURT, &[], 0, 48, 40)),
        vec![Clash::BadTimes]
    );
}

#[test]
fn suggests_the_nearest_free_slots() {
    let mut cal = calendar(0);
    book(&mut cal, 1, &proposal(HALF_A, &[], 0, 40, 48));
    let wanted = proposal(HALF_A, &[], 0, 40, 48);
    let free = cal.nearest_free(&wanted, 3);
    assert_eq!(
        free[0].space, HALF_B,
        "the same time in the other half first"
    );
    assert!(free.iter().all(|p| cal.clashes(p).is_empty()));
    assert!(free
        .iter()
        .all(|p| p.ends_at - p.starts_at == Duration::hours(2)));
}

fn arbitrary_proposal() -> impl Strategy<Value = Proposal> {
    (
        1i64..=4,
        0u64..2,
        32u32..72,
        1u32..16,
        proptest::collection::vec(1i64..4, 0..2),
    )
        .prop_map(|(space, day, from, length, leads)| {
            proposal(SpaceId(space), &leads, day, from, from + length)
        })
}

proptest! {
    /// Taking proposals one by one, the rules accept exactly those the naive model says are
    /// free of every session accepted before.
    #[test]
    fn the_rules_accept_exactly_the_non_overlapping_sessions(
        proposals in proptest::collection::vec(arbitrary_proposal(), 1..25),
        buffer_ticks in 0i64..3,
    ) {
        let mut cal = calendar(15 * buffer_ticks);
        let mut accepted: Vec<Proposal> = Vec::new();
        for (n, p) in proposals.iter().enumerate() {
            let model_free = accepted.iter().all(|a| !naive_clash(p, a, buffer_ticks));
            let rules_free = cal.clashes(p).is_empty();
            prop_assert_eq!(rules_free, model_free, "proposal {} {:?}", n, p);
            if rules_free {
                book(&mut cal, n as i64 + 1, p);
                accepted.push(p.clone());
            }
        }
        // And what was accepted is pairwise clash-free.
        for (i, a) in accepted.iter().enumerate() {
            for b in &accepted[i + 1..] {
                prop_assert!(!naive_clash(a, b, buffer_ticks));
            }
        }
    }
}
