//! A small programme to run random days in, written once per test run through the same data
//! functions the coordinator's pages call, then copied for each case: six participants, two
//! venues, seven sessions over two weeks (four of them one series), two vehicles small enough
//! to fill, two drivers (one of whom may not drive), some people booked and one waiting, and
//! the first two days' transport planned.

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime, Weekday};
use turnaround::activities::ActivityDraft;
use turnaround::data::venues::SpaceTarget;
use turnaround::data::{self, Db};
use turnaround::fleet::documents::DriverDocuments;
use turnaround::fleet::places::PickupPointDraft;
use turnaround::fleet::use_cases as vehicle_changes;
use turnaround::fleet::{VehicleDraft, WeekdaySet};
use turnaround::geo::GeoPoint;
use turnaround::people::records::{NewPerson, ProgrammeDetails};
use turnaround::people::{ParticipantStatus, PersonId, ReferralSource, Role};
use turnaround::people_admin::use_cases as people_changes;
use turnaround::scheduling::enrolment::Reach;
use turnaround::scheduling::planning::NewSession;
use turnaround::scheduling::series::{Every, Repeat, RepeatEnd};
use turnaround::scheduling::session::{ActivityKind, SessionId};
use turnaround::scheduling::use_cases::enrolment as enrolment_changes;
use turnaround::scheduling::use_cases::planning as session_changes;
use turnaround::transport::use_cases as run_changes;
use turnaround::transport::{PickupPointId, VehicleId};
use turnaround::venues::{SpaceId, VenueDraft};

use crate::common::url_for;

/// The vehicles' names and number plates: a people carrier with a wheelchair space and four
/// passenger seats, and a car with two.
pub const VEHICLES: [(&str, &str); 2] = [("Carrier", "AB12 CDE"), ("Car", "XY34 ZZZ")];

/// "Now" for every case: Monday 2 March 2026, 08:00. Every session starts later.
pub fn now() -> NaiveDateTime {
    day(2).and_hms_opt(8, 0, 0).expect("a time")
}

/// A day in March 2026.
pub fn day(date: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, date).expect("a date in March 2026")
}

/// The ids the random steps choose from (by index, so shrinking picks the first ones).
#[derive(Debug, Clone)]
pub struct World {
    pub coordinator: PersonId,
    pub participants: Vec<PersonId>,
    pub drivers: Vec<PersonId>,
    pub vehicles: Vec<VehicleId>,
    pub sessions: Vec<SessionId>,
    pub spaces: Vec<SpaceId>,
    pub points: Vec<PickupPointId>,
    /// The days sessions are on, or can be moved to: the days a plan is made for.
    pub days: Vec<NaiveDate>,
}

/// The seeded programme, copied for each case: a SQLite file of its own, or on PostgreSQL a
/// database each case's database is created from (`CREATE DATABASE … TEMPLATE`).
pub struct Template {
    pub world: World,
    source: Source,
    _dir: tempfile::TempDir,
}

enum Source {
    File(PathBuf),
    Postgres { server: String, template: String },
}

impl Template {
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        if let Some(server) = crate::common::postgres_server() {
            let url = crate::common::postgres_migrated_database(&server).await;
            let db = data::open(&url).await.expect("open");
            let world = seed(&db).await;
            db.close().await;
            let template = url.rsplit('/').next().expect("a database name").to_owned();
            return Self {
                world,
                source: Source::Postgres { server, template },
                _dir: dir,
            };
        }
        let db = data::open(&url_for(&dir.path().join("seed.db")))
            .await
            .expect("open");
        data::migrate(&db).await.expect("migrate");
        let world = seed(&db).await;
        // A complete file on its own, WAL folded in, that no connection holds open: a plain
        // copy of it is the whole programme (a copy of `seed.db` might miss what is still in
        // its WAL, as closing the pool finishes in the background).
        let file = dir.path().join("template.db");
        run!(
            &db,
            query("VACUUM INTO $1")
                .bind(file.display().to_string())
                .execute
        )
        .expect("write the template");
        db.close().await;
        Self {
            world,
            source: Source::File(file),
            _dir: dir,
        }
    }

    /// A fresh copy of the programme (in `folder`, for SQLite), opened as the server opens it.
    pub async fn copy_into(&self, folder: &Path) -> Db {
        match &self.source {
            Source::File(template) => {
                let file = folder.join("case.db");
                std::fs::copy(template, &file).expect("copy the template");
                data::open(&url_for(&file)).await.expect("open the copy")
            }
            Source::Postgres { server, template } => {
                let url = crate::common::postgres_copy_of(server, template).await;
                data::open(&url).await.expect("open the copy")
            }
        }
    }

    /// The copy's address, for `turnaround check` (a SQLite file only).
    pub fn file(&self) -> Option<&Path> {
        match &self.source {
            Source::File(file) => Some(file),
            Source::Postgres { .. } => None,
        }
    }
}

fn at(date: u32, hour: u32, minute: u32) -> NaiveDateTime {
    day(date).and_hms_opt(hour, minute, 0).expect("a time")
}

fn place(latitude: f64, longitude: f64) -> GeoPoint {
    GeoPoint::new(latitude, longitude).expect("a place on the map")
}

async fn staff(db: &Db, given: &str, role: Role) -> PersonId {
    people_changes::create(
        db,
        &NewPerson {
            given_name: given.into(),
            family_name: "Staff".into(),
            preferred_name: None,
            phone: None,
            email: Some(format!("{}@example.org", given.to_lowercase())),
            roles: vec![role],
            referral_source: None,
            referral_date: None,
        },
    )
    .await
    .expect("add a member of staff")
}

/// A participant with their pick-up point (none: they get there themselves).
async fn participant(
    db: &Db,
    number: usize,
    pickup: Option<PickupPointId>,
    wheelchair: bool,
) -> PersonId {
    let id = people_changes::create(
        db,
        &NewPerson {
            given_name: "Rider".into(),
            family_name: format!("Number{number}"),
            preferred_name: None,
            phone: None,
            email: None,
            roles: vec![Role::Participant],
            referral_source: Some(ReferralSource::SelfReferral),
            referral_date: Some(day(1)),
        },
    )
    .await
    .expect("add a participant");
    people_changes::update_programme(db, id, &programme(pickup, wheelchair), now().date())
        .await
        .expect("their programme details");
    id
}

/// The programme details the coordinator saves for a participant.
pub fn programme(pickup: Option<PickupPointId>, wheelchair: bool) -> ProgrammeDetails {
    ProgrammeDetails {
        status: ParticipantStatus::Active,
        mentor_id: None,
        pickup_point_id: pickup,
        needs_lift: pickup.is_some(),
        uses_wheelchair: wheelchair,
        mobility_needs: None,
        notes: None,
    }
}

async fn seed(db: &Db) -> World {
    let coordinator = staff(db, "Sarah", Role::Coordinator).await;
    let tutors = [
        staff(db, "Priya", Role::Tutor).await,
        staff(db, "Tom", Role::Tutor).await,
    ];
    let drivers = vec![
        staff(db, "Mick", Role::Driver).await,
        staff(db, "Jo", Role::Driver).await,
    ];
    let years_ahead = NaiveDate::from_ymd_opt(2030, 12, 31).expect("a date");
    let documents = |dbs: NaiveDate| DriverDocuments {
        licence_expires_on: years_ahead,
        dbs_renews_on: dbs,
    };
    vehicle_changes::save_documents(db, drivers[0], &documents(years_ahead))
        .await
        .expect("Mick's documents");
    // Jo's DBS check ran out yesterday: the board must refuse her every run.
    vehicle_changes::save_documents(db, drivers[1], &documents(day(1)))
        .await
        .expect("Jo's documents");

    let mut points = Vec::new();
    for (name, latitude, longitude) in [("Station", 51.75, -0.34), ("Market", 51.70, -0.28)] {
        let draft = PickupPointDraft {
            name: name.into(),
            landmark: "the bus shelter".into(),
            location: place(latitude, longitude),
        };
        points.push(
            vehicle_changes::save_pickup_point(db, None, &draft)
                .await
                .expect("a pick-up point"),
        );
    }
    let mut participants = Vec::new();
    for (number, (pickup, wheelchair)) in [
        (Some(points[0]), false),
        (Some(points[1]), false),
        (Some(points[0]), false),
        (Some(points[1]), false),
        (Some(points[0]), true),
        (None, false),
    ]
    .into_iter()
    .enumerate()
    {
        participants.push(participant(db, number, pickup, wheelchair).await);
    }

    let mut spaces = Vec::new();
    for (venue, latitude, longitude, names) in [
        (
            "Riverside Courts",
            51.76,
            -0.25,
            &["Court 1", "Court 2"][..],
        ),
        ("Lakeside", 51.78, -0.30, &["Pegs", "Hut"][..]),
    ] {
        let draft = VenueDraft {
            name: venue.into(),
            address: format!("{venue} Road"),
            location: place(latitude, longitude),
            access_notes: None,
        };
        let venue = turnaround::venues::use_cases::save(db, None, &draft)
            .await
            .expect("a venue");
        for name in names {
            let (_, space) = turnaround::venues::use_cases::save_space(
                db,
                SpaceTarget::New(venue),
                name,
                None,
                now(),
            )
            .await
            .expect("a space");
            spaces.push(space);
        }
    }
    let activity = turnaround::activities::use_cases::create(
        db,
        &ActivityDraft {
            name: "Tennis".into(),
            kind: ActivityKind::Sport,
            default_duration_minutes: 120,
            default_capacity: 2,
            what_to_bring: None,
        },
    )
    .await
    .expect("an activity");
    let mut vehicles = Vec::new();
    for ((name, registration), (seats, wheelchair_spaces)) in
        VEHICLES.into_iter().zip([(5, 1), (3, 0)])
    {
        let draft = VehicleDraft {
            name: name.into(),
            registration: registration.into(),
            seats_including_driver: seats,
            wheelchair_spaces,
            available_days: WeekdaySet(127),
        };
        vehicles.push(
            vehicle_changes::save_vehicle(db, None, &draft, now().date())
                .await
                .expect("a vehicle"),
        );
    }

    let session =
        |space: usize, starts: NaiveDateTime, ends, lead: PersonId, capacity| NewSession {
            activity,
            space: spaces[space],
            starts_at: starts,
            ends_at: ends,
            leads: vec![lead],
            capacity: Some(capacity),
            notes: None,
        };
    let mut sessions = Vec::new();
    for new in [
        session(0, at(3, 10, 0), at(3, 12, 0), tutors[0], 2),
        // Room for everyone: more riders than either vehicle has seats.
        session(2, at(3, 10, 0), at(3, 15, 0), tutors[1], 6),
        // Same venue as the first, in the afternoon: the morning's runs do not fit it.
        session(1, at(3, 16, 0), at(3, 18, 0), tutors[0], 2),
    ] {
        sessions.push(
            session_changes::create_session(db, &new)
                .await
                .expect("a session"),
        );
    }
    // A course on Tuesdays and Wednesdays for two weeks: four sessions, one series.
    let course = session(3, at(3, 15, 30), at(3, 17, 30), tutors[1], 2);
    let repeat = Repeat {
        every: Every::Weekly,
        weekdays: vec![Weekday::Tue, Weekday::Wed],
        end: RepeatEnd::Weeks(2),
        skip: Vec::new(),
    };
    sessions.extend(
        session_changes::create_series(db, &course, &repeat)
            .await
            .expect("a series"),
    );
    assert_eq!(sessions.len(), 7, "the seeded sessions");
    // A programme already under way: people booked and waiting, and Tuesday's and
    // Wednesday's transport planned, so a single step can meet a busy day.
    for (session, participant) in [
        (0, 0),
        (0, 1),
        (0, 2),
        (1, 3),
        (1, 4),
        (2, 2),
        (3, 5),
        (4, 0),
        (4, 3),
    ] {
        let enrolled = enrolment_changes::enrol(
            db,
            sessions[session],
            participants[participant],
            coordinator,
            Reach::Everyone,
        )
        .await
        .expect("enrol");
        assert!(enrolled.is_ok(), "the seeded enrolments go through");
    }
    for date in [3, 4] {
        run_changes::plan(db, day(date))
            .await
            .expect("plan the day");
    }
    World {
        coordinator,
        participants,
        drivers,
        vehicles,
        sessions,
        spaces,
        points,
        // The days the sessions start on first, then the days next to them.
        days: [3, 4, 10, 11, 2, 5, 9, 12].into_iter().map(day).collect(),
    }
}
