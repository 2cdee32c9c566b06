//! Row-level access through the real server: each role asking for someone else's record (another
//! participant's session, another driver's run, a session the tutor or mentor does not lead, a
//! participant outside the lead's activity groups) is refused, changes nothing and shows nothing.
//!
//! Also the rows the access matrix (in `access.rs`) needs so that each of its allowed cells is a
//! request that should succeed: every id is looked up in the demo database by name, never
//! hard-coded, and what one cell writes is never what another cell needs.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime};

use crate::access::{cookie_for, demo_server, username_for};
use crate::common::app::{form_encode, Reply};
use turnaround::data::Db;
use turnaround::people::Role;

/// The demo holder of each role, and rows of their own for the matrix's writes.
pub(crate) struct Rows {
    pub today: NaiveDate,
    /// The person signed in for each role.
    pub person: BTreeMap<Role, i64>,
    /// A venue made for the matrix, with no opening hours (always open) and no sessions but
    /// the matrix's own.
    pub hall: i64,
    /// Each role's own room at the hall, and a spare one for `remove_space`.
    pub room: BTreeMap<Role, i64>,
    pub spare_room: BTreeMap<Role, i64>,
    /// Each role's own day at the hall (weeks after the demo programme), and a start for a series.
    pub day: BTreeMap<Role, NaiveDate>,
    pub series_day: BTreeMap<Role, NaiveDate>,
    /// An activity the role leads in the demo (the first activity for those who lead none).
    pub activity: BTreeMap<Role, i64>,
    /// Sessions at the hall led by the role: to move, to cancel, to enrol on, one in a series,
    /// and one yesterday (its register is open).
    pub to_move: BTreeMap<Role, i64>,
    pub to_cancel: BTreeMap<Role, i64>,
    pub to_enrol: BTreeMap<Role, i64>,
    pub in_series: BTreeMap<Role, i64>,
    pub yesterday: BTreeMap<Role, i64>,
    /// A day with nothing on it, to plan transport for.
    pub empty_day: NaiveDate,
    /// The demo participant's own upcoming booked sessions.
    pub own_sessions: Vec<i64>,
    /// A participant the admin cells read and save unchanged.
    pub subject: Subject,
    /// Pairs not kept apart yet, one per role.
    pub pair: BTreeMap<Role, (i64, i64)>,
    /// (activity, participant): someone not in the activity's group, one per role.
    pub group_newcomer: BTreeMap<Role, (i64, i64)>,
    /// A typed-in travel time each role may remove, and a pick-up point each role may add one from
    /// (to the hall).
    pub travel_override: BTreeMap<Role, i64>,
    pub travel_from: BTreeMap<Role, i64>,
    /// Saved back unchanged by the update cells: "id=…&field=…" with every field as stored.
    pub activity_form: String,
    pub venue_form: String,
    pub space_form: String,
    pub vehicle_form: String,
    pub pickup_form: String,
    pub driver_documents_form: String,
    /// (run, booking): the demo driver's published run with a passenger on it, and another
    /// published run (of a different driver, or day) for the transport board's cells.
    pub driver_seat: (i64, i64),
    pub board_seat: (i64, i64, i64),
    /// A published run that has been driven (dated today or earlier): the mileage log's
    /// answers are for runs that have happened.
    pub driven_run: i64,
    /// Each role's own draft claim for this month, with a journey line on it to remove.
    pub claim: BTreeMap<Role, (i64, i64)>,
    /// For each role, someone else's claim (the tutor's, or the driver's for the tutor) waiting
    /// for a decision, and another approved and waiting to be paid.
    pub sent_claim: BTreeMap<Role, i64>,
    pub approved_claim: BTreeMap<Role, i64>,
    /// For each role, two received referrals (one to move on, one to accept) and a partner link
    /// to stop.
    pub referral: BTreeMap<Role, (i64, i64)>,
    pub partner_link: BTreeMap<Role, i64>,
    /// For each role, a participant whose plan the role may reach (the mentor's own mentee),
    /// a goal on it and a step of that goal; and a step on the demo participant's own goal.
    pub plan: BTreeMap<Role, (i64, i64, i64)>,
    pub own_step: i64,
    /// For each role, a participant the role reaches who is due a check-in (each answered once:
    /// the mentor's own mentees, the coordinators' anyone).
    pub wellbeing: BTreeMap<Role, i64>,
    /// For each role, a participant of its own to put on legal hold and take off it again.
    pub hold: BTreeMap<Role, i64>,
    /// For each role, an open subject access request (about that role's `hold` participant).
    pub subject_access: BTreeMap<Role, i64>,
    /// For each role, case meetings of its own and a participant whose pack it may read.
    pub case: BTreeMap<Role, CaseRows>,
}

/// One role's case-meeting rows: a meeting kept open and one to close (on days of their own),
/// a participant the role reaches (a lead's: someone booked on a session they lead near the
/// meeting), an action the role owns and an entry in the open meeting's minutes.
pub(crate) struct CaseRows {
    pub open: i64,
    pub to_close: i64,
    pub participant: i64,
    pub action: i64,
    pub minute: i64,
}

pub(crate) struct Subject {
    pub id: i64,
    pub person_form: String,
    pub programme_form: String,
}

const ROLE_DAY_OFFSET: u64 = 70;

fn index(role: Role) -> u64 {
    Role::ALL.iter().position(|r| *r == role).unwrap() as u64
}

async fn one<T>(db: &Db, sql: &str) -> T
where
    T: for<'r> sqlx::Decode<'r, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite> + Send + Unpin,
    T: for<'r> sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres>,
{
    on!(db, query_scalar(sql).fetch_one).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

async fn session_at(
    db: &Db,
    activity: i64,
    room: i64,
    starts: NaiveDateTime,
    minutes: i64,
    lead: Option<i64>,
    series: Option<i64>,
) -> i64 {
    let id: i64 =
        on!(db, query_scalar(
        "INSERT INTO sessions (activity_id, space_id, starts_at, ends_at, capacity, series_id)
         VALUES ($1, $2, $3, $4, 8, $5) RETURNING id",
    )
    .bind(activity)
    .bind(room)
    .bind(starts)
    .bind(starts + chrono::Duration::minutes(minutes))
    .bind(series)
    .fetch_one)
        .expect("a matrix session");
    if let Some(lead) = lead {
        run!(
            db,
            query("INSERT INTO session_leads (session_id, person_id) VALUES ($1, $2)")
                .bind(id)
                .bind(lead)
                .execute
        )
        .expect("lead the matrix session");
    }
    id
}

/// A day from now on the test machine's clock, as the server's programme clock reads it.
fn a_day_from_now() -> NaiveDateTime {
    chrono::Local::now().naive_local() + chrono::Duration::days(1)
}

fn at(day: NaiveDate, hour: u32) -> NaiveDateTime {
    day.and_hms_opt(hour, 0, 0).unwrap()
}

/// Looks up (and, at a venue of its own, adds) the rows the matrix needs.
pub(crate) async fn rows(db: &Db) -> Rows {
    let today: NaiveDate = chrono::Local::now().date_naive();
    let mut person = BTreeMap::new();
    for role in Role::ALL {
        let name = username_for(db, role).await;
        let id: i64 = on!(
            db,
            query_scalar("SELECT person_id FROM accounts WHERE username = $1")
                .bind(&name)
                .fetch_one
        )
        .unwrap();
        person.insert(role, id);
    }
    let leads_sessions = |role: Role| {
        matches!(
            role,
            Role::Tutor | Role::Mentor | Role::Coordinator | Role::TeamLeader
        )
    };

    let hall: i64 = one(
        db,
        "INSERT INTO venues (name, address, latitude, longitude)
         VALUES ('Matrix Hall', '1 Matrix Street', 51.75, -0.34) RETURNING id",
    )
    .await;
    let annexe: i64 = one(
        db,
        "INSERT INTO venues (name, address, latitude, longitude)
         VALUES ('Matrix Annexe', '2 Matrix Street', 51.76, -0.35) RETURNING id",
    )
    .await;
    let pickups: Vec<i64> = on!(
        db,
        query_scalar("SELECT id FROM pickup_points ORDER BY id").fetch_all
    )
    .unwrap();
    let first_activity: i64 = one(db, "SELECT min(id) FROM activities").await;

    let mut rows = Rows {
        today,
        person: person.clone(),
        hall,
        room: BTreeMap::new(),
        spare_room: BTreeMap::new(),
        day: BTreeMap::new(),
        series_day: BTreeMap::new(),
        activity: BTreeMap::new(),
        to_move: BTreeMap::new(),
        to_cancel: BTreeMap::new(),
        to_enrol: BTreeMap::new(),
        in_series: BTreeMap::new(),
        yesterday: BTreeMap::new(),
        empty_day: today + Days::new(200),
        own_sessions: Vec::new(),
        subject: Subject {
            id: 0,
            person_form: String::new(),
            programme_form: String::new(),
        },
        pair: BTreeMap::new(),
        group_newcomer: BTreeMap::new(),
        travel_override: BTreeMap::new(),
        travel_from: BTreeMap::new(),
        activity_form: String::new(),
        venue_form: String::new(),
        space_form: String::new(),
        vehicle_form: String::new(),
        pickup_form: String::new(),
        driver_documents_form: String::new(),
        driver_seat: (0, 0),
        board_seat: (0, 0, 0),
        driven_run: 0,
        claim: BTreeMap::new(),
        sent_claim: BTreeMap::new(),
        approved_claim: BTreeMap::new(),
        referral: BTreeMap::new(),
        partner_link: BTreeMap::new(),
        plan: BTreeMap::new(),
        own_step: 0,
        wellbeing: BTreeMap::new(),
        hold: BTreeMap::new(),
        subject_access: BTreeMap::new(),
        case: BTreeMap::new(),
    };

    for role in Role::ALL {
        let me = person[&role];
        let slug = role.slug();
        let room: i64 = on!(
            db,
            query_scalar("INSERT INTO venue_spaces (venue_id, name) VALUES ($1, $2) RETURNING id",)
                .bind(hall)
                .bind(format!("Matrix room {slug}"))
                .fetch_one
        )
        .unwrap();
        let spare: i64 = on!(
            db,
            query_scalar("INSERT INTO venue_spaces (venue_id, name) VALUES ($1, $2) RETURNING id",)
                .bind(hall)
                .bind(format!("Spare room {slug}"))
                .fetch_one
        )
        .unwrap();
        let activity: i64 =
            on!(db, query_scalar(
            "SELECT s.activity_id FROM sessions s JOIN session_leads l ON l.session_id = s.id
             WHERE l.person_id = $1 ORDER BY s.starts_at LIMIT 1",
        )
        .bind(me)
        .fetch_optional)
            .unwrap()
            .unwrap_or(first_activity);
        let day = today + Days::new(ROLE_DAY_OFFSET + index(role));
        let lead = leads_sessions(role).then_some(me);
        let series: i64 = one(db, "INSERT INTO session_series DEFAULT VALUES RETURNING id").await;
        rows.to_move.insert(
            role,
            session_at(db, activity, room, at(day, 9), 60, lead, None).await,
        );
        rows.to_cancel.insert(
            role,
            session_at(db, activity, room, at(day, 10), 60, lead, None).await,
        );
        rows.to_enrol.insert(
            role,
            session_at(db, activity, room, at(day, 14), 60, lead, None).await,
        );
        rows.in_series.insert(
            role,
            session_at(db, activity, room, at(day, 16), 60, lead, Some(series)).await,
        );
        session_at(
            db,
            activity,
            room,
            at(day + Days::new(7), 16),
            60,
            lead,
            Some(series),
        )
        .await;
        rows.yesterday.insert(
            role,
            session_at(
                db,
                activity,
                room,
                at(today - Days::new(1), 7),
                60,
                lead,
                None,
            )
            .await,
        );
        rows.room.insert(role, room);
        rows.spare_room.insert(role, spare);
        rows.day.insert(role, day);
        rows.series_day
            .insert(role, today + Days::new(100 + index(role)));
        rows.activity.insert(role, activity);

        let from = pickups[index(role) as usize % pickups.len()];
        rows.travel_from.insert(role, from);
        let removable: i64 = on!(
            db,
            query_scalar(
                "INSERT INTO travel_time_overrides (from_pickup_point_id, to_venue_id, minutes)
             VALUES ($1, $2, 20) RETURNING id",
            )
            .bind(from)
            .bind(annexe)
            .fetch_one
        )
        .unwrap();
        rows.travel_override.insert(role, removable);
    }

    let participant = person[&Role::Participant];
    rows.own_sessions = on!(
        db,
        query_scalar(
            "SELECT s.id FROM bookings b JOIN sessions s ON s.id = b.session_id
         WHERE b.participant_id = $1 AND b.status = 'booked' AND s.status = 'scheduled'
           AND s.starts_at > $2
         ORDER BY s.starts_at",
        )
        .bind(participant)
        .bind(a_day_from_now())
        .fetch_all
    )
    .unwrap();

    // Participants, newest first: the subject of the admin cells, then pairs to keep apart.
    let participants: Vec<i64> = on!(
        db,
        query_scalar(
            "SELECT p.person_id FROM participants p JOIN people pe ON pe.id = p.person_id
         WHERE pe.is_active AND p.person_id <> $1 ORDER BY p.person_id DESC",
        )
        .bind(participant)
        .fetch_all
    )
    .unwrap();
    let subject = participants[0];
    let (given, family, source, referred): (String, String, String, NaiveDate) = on!(
        db,
        query_as(
            "SELECT pe.given_name, pe.family_name, p.referral_source, p.referral_date
         FROM people pe JOIN participants p ON p.person_id = pe.id WHERE pe.id = $1",
        )
        .bind(subject)
        .fetch_one
    )
    .unwrap();
    let (status, mentor, pickup, needs_lift): (String, Option<i64>, Option<i64>, bool) = on!(
        db,
        query_as(
            "SELECT status, mentor_id, default_pickup_point_id, needs_lift
             FROM participants WHERE person_id = $1",
        )
        .bind(subject)
        .fetch_one
    )
    .unwrap();
    rows.subject = Subject {
        id: subject,
        person_form: format!(
            "id={subject}&given_name={}&family_name={}&roles[0]=participant&referral_source={source}&referral_date={referred}",
            form_encode(&given),
            form_encode(&family)
        ),
        programme_form: format!(
            "id={subject}&status={status}&mentor={}&pickup_point={}{}",
            mentor.map(|m| m.to_string()).unwrap_or_default(),
            pickup.map(|p| p.to_string()).unwrap_or_default(),
            if needs_lift { "&needs_lift=yes" } else { "" }
        ),
    };
    let mut candidates = participants[1..].iter().copied();
    for role in Role::ALL {
        loop {
            let (a, b) = (candidates.next().unwrap(), candidates.next().unwrap());
            let (a, b) = (a.min(b), a.max(b));
            let kept: i64 = on!(
                db,
                query_scalar(
                    "SELECT count(*) FROM keep_apart WHERE person_a = $1 AND person_b = $2",
                )
                .bind(a)
                .bind(b)
                .fetch_one
            )
            .unwrap();
            if kept == 0 {
                rows.pair.insert(role, (a, b));
                break;
            }
        }
    }

    let (id, name, kind, duration, capacity, bring): (
        i64,
        String,
        String,
        i64,
        i64,
        Option<String>,
    ) = on!(
        db,
        query_as(
            "SELECT id, name, kind, default_duration_minutes, default_capacity, what_to_bring
             FROM activities ORDER BY id LIMIT 1",
        )
        .fetch_one
    )
    .unwrap();
    rows.activity_form = format!(
        "id={id}&name={}&kind={kind}&duration={duration}&capacity={capacity}&what_to_bring={}",
        form_encode(&name),
        form_encode(&bring.unwrap_or_default())
    );
    let (id, name, address, latitude, longitude, notes): (
        i64,
        String,
        String,
        f64,
        f64,
        Option<String>,
    ) = on!(
        db,
        query_as(
            "SELECT id, name, address, latitude, longitude, access_notes FROM venues
         WHERE name NOT LIKE 'Matrix%' ORDER BY id LIMIT 1",
        )
        .fetch_one
    )
    .unwrap();
    rows.venue_form = format!(
        "id={id}&name={}&address={}&latitude={latitude}&longitude={longitude}&access_notes={}",
        form_encode(&name),
        form_encode(&address),
        form_encode(&notes.unwrap_or_default())
    );
    let (id, name, part_of): (i64, String, Option<i64>) = on!(
        db,
        query_as("SELECT id, name, part_of_space_id FROM venue_spaces ORDER BY id LIMIT 1")
            .fetch_one
    )
    .unwrap();
    rows.space_form = format!(
        "id={id}&name={}&part_of={}",
        form_encode(&name),
        part_of.map(|p| p.to_string()).unwrap_or_default()
    );
    let (id, name, registration, seats, wheelchair, days): (i64, String, String, i64, i64, i64) =
        on!(
            db,
            query_as(
                "SELECT id, name, registration, seats_including_driver, wheelchair_spaces,
                    available_days FROM vehicles ORDER BY id LIMIT 1",
            )
            .fetch_one
        )
        .unwrap();
    let day_names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let days: String = day_names
        .iter()
        .enumerate()
        .filter(|(bit, _)| days & (1 << bit) != 0)
        .enumerate()
        .map(|(n, (_, name))| format!("&days[{n}]={name}"))
        .collect();
    rows.vehicle_form = format!(
        "id={id}&name={}&registration={}&seats={seats}&wheelchair_spaces={wheelchair}{days}",
        form_encode(&name),
        form_encode(&registration)
    );
    let (id, name, landmark, latitude, longitude): (i64, String, String, f64, f64) =
        on!(db, query_as(
            "SELECT id, name, landmark, latitude, longitude FROM pickup_points ORDER BY id LIMIT 1",
        )
        .fetch_one)
        .unwrap();
    rows.pickup_form = format!(
        "id={id}&name={}&landmark={}&latitude={latitude}&longitude={longitude}",
        form_encode(&name),
        form_encode(&landmark)
    );
    let driver = person[&Role::Driver];
    let (licence, dbs): (NaiveDate, NaiveDate) =
        on!(db, query_as(
        "SELECT licence_expires_on, dbs_renews_on FROM driver_documents WHERE person_id = $1",
    )
    .bind(driver)
    .fetch_one)
        .unwrap();
    rows.driver_documents_form =
        format!("person={driver}&licence_expires_on={licence}&dbs_renews_on={dbs}");

    // Published runs with a passenger: the demo driver's first for the driver's cells, another
    // for the transport board's.
    let seats: Vec<(i64, i64, i64)> = on!(db, query_as(
        "SELECT r.id, rs.booking_id, r.driver_id FROM runs r JOIN run_seats rs ON rs.run_id = r.id
         WHERE r.published_at IS NOT NULL AND r.driver_id IS NOT NULL AND r.run_date >= $1
         ORDER BY r.driver_id <> $2, r.run_date, r.id, rs.booking_id",
    )
    .bind(today)
    .bind(driver)
    .fetch_all)
    .unwrap();
    let mine = seats
        .iter()
        .find(|(_, _, d)| *d == driver)
        .expect("a published run of the demo driver with a passenger");
    rows.driver_seat = (mine.0, mine.1);
    let other = seats
        .iter()
        .rev()
        .find(|(run, _, _)| *run != mine.0)
        .expect("a second published run with a passenger");
    rows.board_seat = *other;
    // The demo's runs start today; on a day with none (a weekend), the first later run is
    // dated today so the matrix has a driven run to answer for (no cell above uses it).
    let driven: (i64, NaiveDate) =
        on!(db, query_as(
        "SELECT id, run_date FROM runs WHERE published_at IS NOT NULL AND id <> $1 AND id <> $2
         ORDER BY run_date, id LIMIT 1",
    )
    .bind(rows.driver_seat.0)
    .bind(rows.board_seat.0)
    .fetch_one)
        .expect("a third published run");
    if driven.1 > today {
        run!(
            db,
            query("UPDATE runs SET run_date = $1 WHERE id = $2")
                .bind(today)
                .bind(driven.0)
                .execute
        )
        .unwrap();
    }
    rows.driven_run = driven.0;

    // For each admin role, someone not yet in the group of the role's activity.
    let mut taken = Vec::new();
    for role in Role::ALL {
        let activity = rows.activity[&role];
        let outsiders: Vec<i64> = on!(
            db,
            query_scalar(
                "SELECT p.person_id FROM participants p
             WHERE NOT EXISTS (SELECT 1 FROM activity_group_members m
                               WHERE m.activity_id = $1 AND m.participant_id = p.person_id)
             ORDER BY p.person_id",
            )
            .bind(activity)
            .fetch_all
        )
        .unwrap();
        let newcomer = outsiders
            .into_iter()
            .find(|p| !taken.contains(&(activity, *p)))
            .expect("a participant outside the group");
        taken.push((activity, newcomer));
        rows.group_newcomer.insert(role, (activity, newcomer));
    }
    claims(db, &mut rows).await;
    referrals(db, &mut rows).await;
    plans(db, &mut rows).await;
    case_meetings(db, &mut rows).await;
    rows
}

/// A goal with one step on `participant`'s plan: (goal, step).
pub(crate) async fn goal_with_step(
    db: &Db,
    participant: i64,
    by: i64,
    today: NaiveDate,
) -> (i64, i64) {
    let goal: i64 = on!(
        db,
        query_scalar(
            "INSERT INTO goals (participant_id, area_id, title, owner_id, target_on, created_on, created_by)
             VALUES ($1, (SELECT min(id) FROM need_areas), 'Matrix goal', $1, $2, $2, $3) RETURNING id",
        )
        .bind(participant)
        .bind(today)
        .bind(by)
        .fetch_one
    )
    .unwrap();
    let step: i64 = on!(
        db,
        query_scalar("INSERT INTO goal_steps (goal_id, position, step) VALUES ($1, 0, 'Matrix step') RETURNING id")
            .bind(goal)
            .fetch_one
    )
    .unwrap();
    (goal, step)
}

/// The plans the matrix's plan cells act on.
async fn plans(db: &Db, rows: &mut Rows) {
    let mentor = rows.person[&Role::Mentor];
    let mentee: i64 = on!(
        db,
        query_scalar("SELECT min(person_id) FROM participants WHERE mentor_id = $1")
            .bind(mentor)
            .fetch_one
    )
    .unwrap();
    for role in Role::ALL {
        let (goal, step) =
            goal_with_step(db, mentee, rows.person[&Role::Coordinator], rows.today).await;
        rows.plan.insert(role, (mentee, goal, step));
    }
    let participant = rows.person[&Role::Participant];
    rows.own_step = goal_with_step(db, participant, rows.person[&Role::Coordinator], rows.today)
        .await
        .1;

    // The demo participant's own check-ins are cleared, so one is due for the participant's cells.
    run!(
        db,
        query("DELETE FROM wellbeing_responses WHERE participant_id = $1")
            .bind(participant)
            .execute
    )
    .unwrap();
    // Check-ins: the mentor's mentees who have answered nothing (one per role that may ask).
    let fresh: Vec<i64> = on!(
        db,
        query_scalar(
            "SELECT pa.person_id FROM participants pa JOIN people p ON p.id = pa.person_id
             WHERE pa.mentor_id = $1 AND p.is_active AND pa.status <> 'referred'
               AND NOT EXISTS (SELECT 1 FROM wellbeing_responses w WHERE w.participant_id = pa.person_id)
             ORDER BY pa.person_id",
        )
        .bind(mentor)
        .fetch_all
    )
    .unwrap();
    for (index, role) in Role::ALL.into_iter().enumerate() {
        rows.wellbeing
            .insert(role, fresh[index.min(fresh.len() - 1)]);
    }

    // Legal holds: a different participant for each role, so two roles holding cannot clash.
    let everyone: Vec<i64> = on!(
        db,
        query_scalar("SELECT person_id FROM participants ORDER BY person_id").fetch_all
    )
    .unwrap();
    for (index, role) in Role::ALL.into_iter().enumerate() {
        let participant = everyone[index % everyone.len()];
        rows.hold.insert(role, participant);
        let request: i64 = on!(
            db,
            query_scalar(
                "INSERT INTO subject_access_requests (participant_id, received_on, due_on, how, registered_by)
                 VALUES ($1, $2, $3, 'letter', $4) RETURNING id",
            )
            .bind(participant)
            .bind(rows.today)
            .bind(rows.today + chrono::Days::new(30))
            .bind(rows.person[&Role::Coordinator])
            .fetch_one
        )
        .unwrap();
        rows.subject_access.insert(role, request);
    }
}

async fn case_meetings(db: &Db, rows: &mut Rows) {
    let coordinator = rows.person[&Role::Coordinator];
    for role in Role::ALL {
        let me = rows.person[&role];
        // Someone booked on a session the role leads, and that session's day (the demo's
        // mentor's mentee, or the matrix subject, for those who lead none).
        let led: Option<(i64, NaiveDateTime)> = on!(
            db,
            query_as(
                "SELECT b.participant_id, s.starts_at FROM bookings b
                 JOIN session_leads l ON l.session_id = b.session_id
                 JOIN sessions s ON s.id = b.session_id
                 WHERE l.person_id = $1 AND b.status = 'booked' ORDER BY s.starts_at LIMIT 1"
            )
            .bind(me)
            .fetch_optional
        )
        .unwrap();
        let participant = match role {
            Role::Tutor => led.expect("the demo tutor leads a booked session").0,
            Role::Mentor => rows.plan[&Role::Mentor].0,
            _ => rows.subject.id,
        };
        // Days of their own: the tutor's open meeting on the day of their session.
        let back = |days: u64| rows.today - chrono::Days::new(400 + 2 * days + 2 * index(role));
        let open_on = match (role, led) {
            (Role::Tutor, Some((_, at))) => at.date(),
            _ => back(0),
        };
        let meeting = |day: NaiveDate| async move {
            let id: i64 = on!(
                db,
                query_scalar(
                    "INSERT INTO case_meetings (held_on, opened_by) VALUES ($1, $2) RETURNING id"
                )
                .bind(day)
                .bind(coordinator)
                .fetch_one
            )
            .unwrap();
            id
        };
        let open = meeting(open_on).await;
        let to_close = meeting(back(1) - chrono::Days::new(1)).await;
        let action: i64 = on!(
            db,
            query_scalar(
                "INSERT INTO case_actions (meeting_id, participant_id, what, owner_id, due_on, recorded_by)
                 VALUES ($1, $2, 'Matrix action', $3, $4, $5) RETURNING id"
            )
            .bind(open)
            .bind(participant)
            .bind(me)
            .bind(open_on)
            .bind(coordinator)
            .fetch_one
        )
        .unwrap();
        let minute: i64 = on!(
            db,
            query_scalar(
                "INSERT INTO case_minutes (meeting_id, participant_id, note, written_by)
                 VALUES ($1, $2, 'Matrix minute', $3) RETURNING id"
            )
            .bind(open)
            .bind(participant)
            .bind(coordinator)
            .fetch_one
        )
        .unwrap();
        rows.case.insert(
            role,
            CaseRows {
                open,
                to_close,
                participant,
                action,
                minute,
            },
        );
    }
}

/// The referrals and partner links the matrix's referral cells act on, one set per role.
async fn referrals(db: &Db, rows: &mut Rows) {
    let today = rows.today;
    let referral = |family: String| async move {
        let id: i64 = on!(
            db,
            query_scalar(
                "INSERT INTO referrals (source, received_on, given_name, family_name, phone, in_area,
                                        consent_how, consent_on, share_back)
                 VALUES ('police', $1, 'Matrix', $2, '07700 900000', $3, 'verbal', $1, 'nothing')
                 RETURNING id",
            )
            .bind(today)
            .bind(family)
            .bind(true)
            .fetch_one
        )
        .unwrap();
        id
    };
    for role in Role::ALL {
        let slug = role.slug().replace('_', "-");
        let to_move = referral(format!("Mover-{slug}")).await;
        let to_accept = referral(format!("Accepted-{slug}")).await;
        rows.referral.insert(role, (to_move, to_accept));
        let link: i64 = on!(
            db,
            query_scalar(
                "INSERT INTO partner_links (token_hash, organisation, source, created_by, created_on, expires_on)
                 VALUES ($1, $2, 'probation', $3, $4, $5) RETURNING id",
            )
            .bind(format!("{:064}", role_number(role)))
            .bind(format!("Matrix agency {slug}"))
            .bind(rows.person[&role])
            .bind(rows.today)
            .bind(rows.today + chrono::Days::new(30))
            .fetch_one
        )
        .unwrap();
        rows.partner_link.insert(role, link);
    }
}

/// The claims the matrix's claim cells act on: each role's own draft, and for each role two
/// claims of someone else (months back, one month per claim) to approve and to mark paid.
async fn claims(db: &Db, rows: &mut Rows) {
    let month = |back: u32| {
        let first = rows.today.with_day(1).unwrap();
        first.checked_sub_months(chrono::Months::new(back)).unwrap()
    };
    let claim = |person: i64, month: NaiveDate, state: &'static str| async move {
        let id: i64 = on!(
            db,
            query_scalar(
                "INSERT INTO claims (person_id, month, state) VALUES ($1, $2, $3) RETURNING id"
            )
            .bind(person)
            .bind(month)
            .bind(state)
            .fetch_one
        )
        .unwrap();
        id
    };
    for role in Role::ALL {
        let me = rows.person[&role];
        let draft = claim(me, month(0), "draft").await;
        let line: i64 = on!(
            db,
            query_scalar(
                "INSERT INTO claim_lines (claim_id, kind, line_date, from_place, to_place, purpose, tenths)
                 VALUES ($1, 'journey', $2, 'Office', 'Matrix Hall', 'Matrix', 30) RETURNING id",
            )
            .bind(draft)
            .bind(month(0))
            .fetch_one
        )
        .unwrap();
        rows.claim.insert(role, (draft, line));
        let someone_else = if role == Role::Tutor {
            rows.person[&Role::Driver]
        } else {
            rows.person[&Role::Tutor]
        };
        let back = 1 + 2 * index(role) as u32;
        rows.sent_claim
            .insert(role, claim(someone_else, month(back), "submitted").await);
        rows.approved_claim
            .insert(role, claim(someone_else, month(back + 1), "approved").await);
    }
}

/// The weekday of `date` as forms name it.
pub(crate) fn weekday_slug(date: NaiveDate) -> &'static str {
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        [date.weekday().num_days_from_monday() as usize]
}

/// The participants a lead may add to `session`, as the session page offers them.
pub(crate) fn offered(reply: &Reply) -> Vec<i64> {
    let detail: serde_json::Value = serde_json::from_str(&reply.body).unwrap_or_default();
    detail["participants"]
        .as_array()
        .map(|list| list.iter().filter_map(|p| p[0].as_i64()).collect())
        .unwrap_or_default()
}

/// A refusal: 403 or 404, never 2xx, and nothing of anyone in the answer. What is wrong is
/// added to `wrong`, so one run lists every cell that fails.
fn check_refused(wrong: &mut Vec<String>, what: &str, reply: &Reply, secrets: &[String]) {
    let short: String = reply.body.chars().take(300).collect();
    if ![403, 404].contains(&reply.status) {
        wrong.push(format!(
            "{what}: expected 403 or 404, got {} {short}",
            reply.status
        ));
    }
    check_no_secrets(wrong, what, reply, secrets);
}

fn check_no_secrets(wrong: &mut Vec<String>, what: &str, reply: &Reply, secrets: &[String]) {
    let short: String = reply.body.chars().take(300).collect();
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        if reply.body.contains(secret.as_str()) {
            wrong.push(format!("{what}: the answer carries “{secret}”: {short}"));
        }
    }
}

/// Names and phone numbers of everyone booked on `session`: none may appear in a refusal.
async fn people_on(db: &Db, session: i64) -> Vec<String> {
    let rows: Vec<(String, String, Option<String>)> = on!(
        db,
        query_as(
            "SELECT pe.given_name, pe.family_name, pe.phone FROM bookings b
         JOIN people pe ON pe.id = b.participant_id WHERE b.session_id = $1",
        )
        .bind(session)
        .fetch_all
    )
    .unwrap();
    rows.into_iter()
        .flat_map(|(g, f, p)| [g, f, p.unwrap_or_default()])
        .collect()
}

/// What a session looks like, to prove a refused change changed nothing.
async fn session_state(db: &Db, session: i64) -> (String, String, String, i64, Option<String>) {
    let (starts, space, status, note): (NaiveDateTime, i64, String, Option<String>) = on!(
        db,
        query_as(
            "SELECT starts_at, space_id, status,
                (SELECT string_agg(CAST(participant_id AS text) || ':' || status, ',' ORDER BY id)
                 FROM bookings WHERE session_id = s.id)
         FROM sessions s WHERE id = $1",
        )
        .bind(session)
        .fetch_one
    )
    .unwrap();
    let register: Option<String> = on!(
        db,
        query_scalar(
            "SELECT string_agg(CAST(participant_id AS text), ',' ORDER BY participant_id)
             FROM attendance WHERE session_id = $1",
        )
        .bind(session)
        .fetch_one
    )
    .unwrap_or(None);
    (
        starts.to_string(),
        status,
        note.unwrap_or_default(),
        space,
        register,
    )
}

#[tokio::test]
async fn nobody_reaches_someone_elses_records_by_id() {
    let (server, db, _dir) = demo_server().await;
    let today: NaiveDate = chrono::Local::now().date_naive();
    let mut cookies = BTreeMap::new();
    for role in [Role::Participant, Role::Tutor, Role::Mentor, Role::Driver] {
        cookies.insert(role, cookie_for(&server, &db, role).await);
    }
    let person = |name: String| {
        let db = db.clone();
        async move {
            on!(
                &db,
                query_scalar::<_, i64>("SELECT person_id FROM accounts WHERE username = $1")
                    .bind(name)
                    .fetch_one
            )
            .unwrap()
        }
    };

    // A participant and a session they are not on: "I can't come" and "I need a lift".
    let participant = person(username_for(&db, Role::Participant).await).await;
    let not_theirs: i64 = on!(&db, query_scalar(
        "SELECT s.id FROM sessions s WHERE s.status = 'scheduled'
           AND s.starts_at > $2
           AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.session_id = s.id AND b.participant_id = $1)
           AND EXISTS (SELECT 1 FROM bookings b WHERE b.session_id = s.id AND b.status = 'booked')
         ORDER BY s.starts_at LIMIT 1",
    )
    .bind(participant)
    .bind(a_day_from_now())
    .fetch_one)
    .unwrap();
    let others = people_on(&db, not_theirs).await;
    let before = session_state(&db, not_theirs).await;
    let mut wrong = Vec::new();
    let cookie = Some(cookies[&Role::Participant].as_str());
    for (path, body) in [
        ("/api/cant_come", format!("session={not_theirs}")),
        (
            "/api/set_lift",
            format!("session={not_theirs}&needs_lift=true"),
        ),
        (
            "/api/set_lift",
            format!("session={not_theirs}&needs_lift=false"),
        ),
    ] {
        let reply = server.post(path, &body, cookie);
        check_refused(
            &mut wrong,
            &format!("Participant: {path} {body}"),
            &reply,
            &others,
        );
    }
    if session_state(&db, not_theirs).await != before {
        wrong.push(format!(
            "Participant: a refused change altered session {not_theirs}"
        ));
    }

    // Tutors and mentors, on a session they do not lead (with people booked on it).
    for role in [Role::Tutor, Role::Mentor] {
        let me = person(username_for(&db, role).await).await;
        let cookie = Some(cookies[&role].as_str());
        let pick = |register_day: bool| {
            let db = db.clone();
            async move {
                on!(
                    &db,
                    query_scalar::<_, i64>(&format!(
                        "SELECT s.id FROM sessions s WHERE s.status = 'scheduled'
                       AND {}
                       AND NOT EXISTS (SELECT 1 FROM session_leads l
                                       WHERE l.session_id = s.id AND l.person_id = $1)
                       AND EXISTS (SELECT 1 FROM bookings b
                                   WHERE b.session_id = s.id AND b.status = 'booked')
                     ORDER BY s.starts_at DESC LIMIT 1",
                        if register_day {
                            "s.starts_at < $2"
                        } else {
                            "s.starts_at > $2"
                        }
                    ))
                    .bind(me)
                    .bind(if register_day {
                        chrono::Local::now()
                            .date_naive()
                            .succ_opt()
                            .unwrap()
                            .and_time(chrono::NaiveTime::MIN)
                    } else {
                        a_day_from_now()
                    })
                    .fetch_one
                )
                .unwrap()
            }
        };
        let upcoming = pick(false).await;
        let past = pick(true).await;
        let booked: i64 =
            on!(&db, query_scalar(
            "SELECT participant_id FROM bookings WHERE session_id = $1 AND status = 'booked'
             ORDER BY participant_id LIMIT 1",
        )
        .bind(upcoming)
        .fetch_one)
            .unwrap();
        let space: i64 = on!(
            &db,
            query_scalar("SELECT space_id FROM sessions WHERE id = $1")
                .bind(upcoming)
                .fetch_one
        )
        .unwrap();
        let outsider: i64 = on!(&db, query_scalar(
            "SELECT p.person_id FROM participants p JOIN people pe ON pe.id = p.person_id
             WHERE pe.is_active AND p.status = 'active'
               AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.session_id = $1 AND b.participant_id = p.person_id)
             ORDER BY p.person_id LIMIT 1",
        )
        .bind(upcoming)
        .fetch_one)
        .unwrap();
        let later = today + Days::new(150);
        let cells = [
            ("/api/session_detail", format!("id={upcoming}"), upcoming),
            (
                "/api/move_session",
                format!("id={upcoming}&space={space}&date={later}&start=10:00&end=11:00"),
                upcoming,
            ),
            (
                "/api/cancel_session",
                format!("id={upcoming}&reason=Not+mine+to+cancel"),
                upcoming,
            ),
            (
                "/api/cancel_session",
                format!("id={upcoming}&reason=Not+mine&scope=this_and_following"),
                upcoming,
            ),
            (
                "/api/save_register",
                format!("session={past}&note=Not+mine&marks[0][participant]={booked}&marks[0][outcome]=attended"),
                past,
            ),
            (
                "/api/enrol",
                format!("session={upcoming}&participant={outsider}"),
                upcoming,
            ),
            (
                "/api/enrol_series",
                format!("session={upcoming}&participant={outsider}"),
                upcoming,
            ),
            (
                "/api/cancel_booking",
                format!("session={upcoming}&participant={booked}"),
                upcoming,
            ),
        ];
        for (path, body, session) in cells {
            let before = session_state(&db, session).await;
            let secrets = people_on(&db, session).await;
            let reply = server.post(path, &body, cookie);
            let what = format!("{role:?}: {path} {body}");
            if path == "/api/session_detail" && reply.status == 200 {
                // A session someone else leads reads as it does on the week page (times, place,
                // counts): allowed, but never who is on it.
                check_no_secrets(&mut wrong, &what, &reply, &secrets);
            } else {
                check_refused(&mut wrong, &what, &reply, &secrets);
            }
            if session_state(&db, session).await != before {
                wrong.push(format!("{role:?}: {path} {body} changed the session"));
            }
        }
    }

    // A driver, on another driver's run.
    let driver = person(username_for(&db, Role::Driver).await).await;
    let other_driver: i64 = on!(
        &db,
        query_scalar(
            "SELECT person_id FROM person_roles WHERE role = 'driver' AND person_id <> $1
         ORDER BY person_id LIMIT 1",
        )
        .bind(driver)
        .fetch_one
    )
    .expect("the demo has a second driver");
    let theirs: Option<(i64, i64)> = on!(
        &db,
        query_as(
            "SELECT r.id, rs.booking_id FROM runs r JOIN run_seats rs ON rs.run_id = r.id
         WHERE r.driver_id = $1 AND r.published_at IS NOT NULL ORDER BY r.run_date LIMIT 1",
        )
        .bind(other_driver)
        .fetch_optional
    )
    .unwrap();
    let (run, booking) = match theirs {
        Some(seat) => seat,
        None => {
            // Every demo run went to the first driver: give the last one to the second.
            let seat: (i64, i64) =
                on!(&db, query_as(
                "SELECT r.id, rs.booking_id FROM runs r JOIN run_seats rs ON rs.run_id = r.id
                 WHERE r.published_at IS NOT NULL ORDER BY r.run_date DESC, r.id DESC LIMIT 1",
            )
            .fetch_one)
                .expect("a published run with a passenger");
            run!(
                &db,
                query("UPDATE runs SET driver_id = $1 WHERE id = $2")
                    .bind(other_driver)
                    .bind(seat.0)
                    .execute
            )
            .unwrap();
            seat
        }
    };
    let run_state = |db: Db| async move {
        let state: (Option<i64>, Option<i64>, Option<String>) = on!(
            &db,
            query_as(
                "SELECT odometer_start, odometer_end,
                        (SELECT string_agg(coalesce(boarding, '-'), ',') FROM run_seats
                         WHERE run_id = r.id)
                 FROM runs r WHERE id = $1",
            )
            .bind(run)
            .fetch_one
        )
        .unwrap();
        state
    };
    let before = run_state(db.clone()).await;
    let passenger: Vec<(String, String, Option<String>)> = on!(
        &db,
        query_as(
            "SELECT pe.given_name, pe.family_name, pe.phone FROM bookings b
             JOIN people pe ON pe.id = b.participant_id WHERE b.id = $1",
        )
        .bind(booking)
        .fetch_all
    )
    .unwrap();
    let passenger: Vec<String> = passenger
        .into_iter()
        .flat_map(|(g, f, p)| [g, f, p.unwrap_or_default()])
        .collect();
    let cookie = Some(cookies[&Role::Driver].as_str());
    for (path, body) in [
        (
            "/api/mark_passenger",
            format!("run={run}&booking={booking}&mark=boarded"),
        ),
        (
            "/api/mark_passenger",
            format!("run={run}&booking={booking}&mark=not_here"),
        ),
        ("/api/save_odometer", format!("run={run}&start=100&end=200")),
    ] {
        let reply = server.post(path, &body, cookie);
        check_refused(
            &mut wrong,
            &format!("Driver: {path} {body}"),
            &reply,
            &passenger,
        );
    }
    if run_state(db.clone()).await != before {
        wrong.push(format!(
            "Driver: a refused tick or reading changed run {run}"
        ));
    }
    assert!(
        wrong.is_empty(),
        "{} row-level cells answered wrongly:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// Activity groups: a lead may add to their session only the people on that activity's list and
/// their own mentees. A participant just added by the coordinator is on no list and is nobody's
/// mentee, so no tutor may enrol them; this cell needs only the public server functions (the
/// groups themselves arrive with migration 20261201000002_activity_groups.sql).
#[tokio::test]
async fn a_lead_cannot_enrol_someone_outside_their_groups() {
    let (server, db, _dir) = demo_server().await;
    let rows = rows(&db).await;
    let coordinator = cookie_for(&server, &db, Role::Coordinator).await;
    let added = server.post(
        "/api/add_person",
        &format!(
            "given_name=Outside&family_name=Everygroup&phone=07700+900123&roles[0]=participant&referral_source=self&referral_date={}",
            rows.today
        ),
        Some(&coordinator),
    );
    assert_eq!(added.status, 200, "add a participant: {}", added.body);
    let outsider: i64 = added.body.trim().parse().expect("the new person's id");
    let active = server.post(
        "/api/update_programme",
        &format!("id={outsider}&status=active&pickup_point="),
        Some(&coordinator),
    );
    assert!(
        (200..300).contains(&active.status),
        "make them active: {} {}",
        active.status,
        active.body
    );

    let mut wrong = Vec::new();
    for role in [Role::Tutor, Role::Mentor] {
        let cookie = cookie_for(&server, &db, role).await;
        let session = rows.to_enrol[&role];
        // The picker does not offer them…
        let detail = server.post(
            "/api/session_detail",
            &format!("id={session}"),
            Some(&cookie),
        );
        assert_eq!(
            detail.status, 200,
            "{role:?} reads their own session: {}",
            detail.body
        );
        if offered(&detail).contains(&outsider) || detail.body.contains("Everygroup") {
            wrong.push(format!(
                "{role:?}: session {session}'s page offers someone outside their groups"
            ));
        }
        // …and asking by id is refused, showing nothing of them.
        for path in ["/api/enrol", "/api/enrol_series"] {
            let session = if path == "/api/enrol" {
                session
            } else {
                rows.in_series[&role]
            };
            let reply = server.post(
                path,
                &format!("session={session}&participant={outsider}"),
                Some(&cookie),
            );
            check_refused(
                &mut wrong,
                &format!("{role:?}: {path} participant outside their groups"),
                &reply,
                &["Everygroup".into(), "07700 900123".into()],
            );
        }
        let booked: i64 = on!(&db, query_scalar(
            "SELECT count(*) FROM bookings WHERE participant_id = $1 AND status <> 'cancelled'
               AND (session_id = $2 OR session_id IN
                    (SELECT id FROM sessions WHERE series_id = (SELECT series_id FROM sessions WHERE id = $3)))",
        )
        .bind(outsider)
        .bind(rows.to_enrol[&role])
        .bind(rows.in_series[&role])
        .fetch_one)
        .unwrap();
        if booked > 0 {
            wrong.push(format!("{role:?} enrolled someone outside their groups"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} cells answered wrongly:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// A small number of each role's own, for names that must differ (a registration plate).
pub(crate) fn role_number(role: Role) -> u64 {
    index(role) + 1
}
