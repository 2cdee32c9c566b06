//! Loads the fictional demo programme, only ever into an empty database.

use crate::data::values::{Clock, Stamp};
use crate::data::demo::content;
use crate::data::demo::content::{participant_username, DEMO_TOTP_SECRET};
use crate::data::demo::{DemoOutcome};
use chrono::{Datelike, Days, NaiveDate, NaiveTime};
use super::Conn;

use super::Pool;
use crate::error::AppError;
use crate::people::{PersonId, Role};
use crate::scheduling::week::Week;

/// Loads the demo programme when the database holds no programme data at all, and marks the
/// database as demo so every page says so. Sessions run from the Monday of `today`'s week to two
/// weeks after `today`. The emptiness check and the load are one write transaction, so two
/// servers starting together cannot both load it, and real data is never mixed with demo data.
///
/// Every demo person gets an account whose password hashes to `password_hash` (the hash of
/// [`DEMO_PASSWORD`], computed once by the caller: hashing is deliberately slow).
pub async fn load_if_empty(
    db: &Pool,
    today: NaiveDate,
    password_hash: &str,
) -> Result<DemoOutcome, AppError> {
    let mut tx = super::dialect::begin_write(db).await?;
    let rows_present: i64 = sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM people) + (SELECT count(*) FROM venues)
              + (SELECT count(*) FROM activities) + (SELECT count(*) FROM pickup_points)
              + (SELECT count(*) FROM vehicles) + (SELECT count(*) FROM sessions)",
    )
    .fetch_one(&mut *tx)
    .await?;
    if rows_present > 0 {
        return Ok(DemoOutcome::SkippedNotEmpty);
    }
    let outcome = insert_programme(&mut tx, today, password_hash).await?;
    sqlx::query("UPDATE programme_settings SET is_demo = TRUE, programme_name = 'TurnAround (demo)'")
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(outcome)
}

/// The demo drivers, first added first.
pub async fn driver_ids(db: &Pool) -> Result<Vec<PersonId>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT person_id FROM person_roles WHERE role = 'driver' ORDER BY person_id",
    )
    .fetch_all(db)
    .await?)
}

async fn insert_programme(
    conn: &mut Conn,
    today: NaiveDate,
    password_hash: &str,
) -> Result<DemoOutcome, AppError> {
    let mut pickup_ids = Vec::new();
    for point in content::PICKUP_POINTS {
        let id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO pickup_points (name, landmark, latitude, longitude) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(point.name)
        .bind(point.landmark)
        .bind(point.latitude)
        .bind(point.longitude)
        .fetch_one(&mut *conn)
        .await?;
        pickup_ids.push(id);
    }

    // Spaces keyed by (venue index, space name).
    let mut space_ids: Vec<(usize, &str, i64)> = Vec::new();
    for (venue_index, venue) in content::VENUES.iter().enumerate() {
        let venue_id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO venues (name, address, latitude, longitude, access_notes)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(venue.name)
        .bind(venue.address)
        .bind(venue.latitude)
        .bind(venue.longitude)
        .bind(venue.access_notes)
        .fetch_one(&mut *conn)
        .await?;
        for space in venue.spaces {
            let whole = venue
                .parts
                .iter()
                .find(|(half, _)| half == space)
                .and_then(|(_, whole)| {
                    space_ids
                        .iter()
                        .find(|(v, name, _)| *v == venue_index && name == whole)
                })
                .map(|&(.., id)| id);
            let space_id = sqlx::query_scalar::<_, i64>(
                "INSERT INTO venue_spaces (venue_id, name, part_of_space_id) VALUES ($1, $2, $3) RETURNING id",
            )
            .bind(venue_id)
            .bind(*space)
            .bind(whole)
            .fetch_one(&mut *conn)
            .await?;
            space_ids.push((venue_index, space, space_id));
        }
        let ((open_h, open_m), (close_h, close_m)) = venue.hours;
        for day in venue.open_days {
            sqlx::query(
                "INSERT INTO venue_opening_hours (venue_id, weekday, opens, closes)
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(venue_id)
            .bind(i64::from(*day))
            .bind(Clock(time_of_day((open_h, open_m))))
            .bind(Clock(time_of_day((close_h, close_m))))
            .execute(&mut *conn)
            .await?;
        }
    }

    let mut activity_ids = Vec::new();
    for activity in content::ACTIVITIES {
        let id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO activities (name, kind, default_duration_minutes, default_capacity,
                                     what_to_bring)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(activity.name)
        .bind(activity.kind)
        .bind(activity.default_duration_minutes)
        .bind(activity.default_capacity)
        .bind(activity.what_to_bring)
        .fetch_one(&mut *conn)
        .await?;
        activity_ids.push((activity.name, id, activity.default_capacity));
    }

    let mut staff_ids = Vec::new();
    let mut mentor_ids = Vec::new();
    for member in content::STAFF {
        let id = insert_person(
            conn,
            member.given_name,
            member.family_name,
            None,
            member.phone,
            Some(member.email),
        )
        .await?;
        for role in member.roles {
            insert_role(conn, id, *role).await?;
        }
        // Everyone the policy requires two-step sign-in of (coordinator, team leader) has it on.
        let totp =
            crate::access::policy::must_use_two_step(member.roles).then_some(DEMO_TOTP_SECRET);
        insert_account(conn, id, member.email, password_hash, totp).await?;
        if member.roles.contains(&Role::Mentor) {
            mentor_ids.push(id);
        }
        staff_ids.push(id);
    }

    let mut participant_ids = Vec::new();
    for (index, person) in content::PARTICIPANTS.iter().enumerate() {
        let phone = format!("07700 900{:03}", 200 + index);
        let id = insert_person(
            conn,
            person.given_name,
            person.family_name,
            person.preferred_name,
            &phone,
            None,
        )
        .await?;
        insert_role(conn, id, Role::Participant).await?;
        let username = participant_username(person.given_name, person.family_name);
        insert_account(conn, id, &username, password_hash, None).await?;
        let referral_date = today - Days::new(person.referred_days_ago);
        // The newest referrals are still being assessed.
        let status = if person.referred_days_ago < 5 {
            "referred"
        } else {
            "active"
        };
        sqlx::query(
            "INSERT INTO participants (person_id, default_pickup_point_id, needs_lift,
                 mobility_needs, referral_source, referral_date, status, mentor_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(pickup_ids[person.pickup_point])
        .bind(person.needs_lift)
        .bind(person.mobility_needs)
        .bind(person.referral)
        .bind(referral_date)
        .bind(status)
        .bind(mentor_ids[index % mentor_ids.len()])
        .execute(&mut *conn)
        .await?;
        participant_ids.push((id, person.needs_lift));
    }

    for vehicle in content::VEHICLES {
        sqlx::query(
            "INSERT INTO vehicles (name, registration, seats_including_driver, wheelchair_spaces,
                                   available_days)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(vehicle.name)
        .bind(vehicle.registration)
        .bind(vehicle.seats_including_driver)
        .bind(vehicle.wheelchair_spaces)
        .bind(vehicle.available_days)
        .execute(&mut *conn)
        .await?;
    }
    insert_fleet_details(conn, today).await?;
    insert_activity_groups(conn, &activity_ids, &participant_ids, staff_ids[0]).await?;

    let first_day = Week::containing(today).monday();
    let last_day = today + Days::new(14);
    let mut session_count = 0usize;
    // Each weekly slot is a series, as the programme plans it: "this and following" and course
    // enrolment then work on the demo too.
    let mut series_ids: Vec<Option<i64>> = vec![None; content::WEEKLY_TIMETABLE.len()];
    for date in first_day.iter_days().take_while(|d| *d <= last_day) {
        for (slot_index, slot) in content::WEEKLY_TIMETABLE
            .iter()
            .enumerate()
            .filter(|(_, s)| s.weekday == date.weekday())
        {
            let Some(&(_, activity_id, capacity)) = activity_ids
                .iter()
                .find(|(name, ..)| *name == slot.activity)
            else {
                continue;
            };
            let Some(&(.., space_id)) = space_ids
                .iter()
                .find(|(venue, space, _)| *venue == slot.venue && *space == slot.space)
            else {
                continue;
            };
            // One session in the coming weeks is cancelled, so the cancelled look is visible.
            let cancel_reason = (slot.activity == "Fishing"
                && Week::containing(date) == Week::containing(today).next())
            .then_some("The lake is closed for maintenance.");
            let series_id = match series_ids[slot_index] {
                Some(id) => id,
                None => {
                    let id = sqlx::query_scalar::<_, i64>("INSERT INTO session_series DEFAULT VALUES RETURNING id")
                        .fetch_one(&mut *conn)
                        .await?;
                    series_ids[slot_index] = Some(id);
                    id
                }
            };
            let session_id = sqlx::query_scalar::<_, i64>(
                "INSERT INTO sessions (activity_id, space_id, starts_at, ends_at, capacity,
                                       status, cancel_reason, series_id)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(activity_id)
            .bind(space_id)
            .bind(date.and_time(time_of_day(slot.start)))
            .bind(date.and_time(time_of_day(slot.end)))
            .bind(capacity)
            .bind(if cancel_reason.is_some() {
                "cancelled"
            } else {
                "scheduled"
            })
            .bind(cancel_reason)
            .bind(series_id)
            .fetch_one(&mut *conn)
            .await?;
            for &lead in content::leads_for(slot.activity) {
                sqlx::query("INSERT INTO session_leads (session_id, person_id) VALUES ($1, $2)")
                    .bind(session_id)
                    .bind(staff_ids[lead])
                    .execute(&mut *conn)
                    .await?;
            }
            book_some(conn, session_id, session_count, capacity, &participant_ids).await?;
            session_count += 1;
        }
    }

    Ok(DemoOutcome::Loaded {
        people: staff_ids.len() + participant_ids.len(),
        sessions: session_count,
    })
}

/// The demo drivers' licence and DBS dates and the coordinator's typed-in travel times.
async fn insert_fleet_details(
    conn: &mut Conn,
    today: NaiveDate,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO driver_documents (person_id, licence_expires_on, dbs_renews_on)
         SELECT person_id, $1, $2 FROM person_roles WHERE role = 'driver'",
    )
    .bind(today + Days::new(content::DRIVER_LICENCE_DAYS_LEFT))
    .bind(today + Days::new(content::DRIVER_DBS_DAYS_LEFT))
    .execute(&mut *conn)
    .await?;
    for (point, venue, minutes) in content::TRAVEL_TIMES {
        sqlx::query(
            "INSERT INTO travel_time_overrides (from_pickup_point_id, to_venue_id, minutes)
             VALUES ((SELECT id FROM pickup_points WHERE name = $1),
                     (SELECT id FROM venues WHERE name = $2), $3)",
        )
        .bind(point)
        .bind(venue)
        .bind(minutes)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The activity groups of [`content::ACTIVITY_GROUPS`], as put together by `coordinator`.
async fn insert_activity_groups(
    conn: &mut Conn,
    activities: &[(&str, i64, i64)],
    participants: &[(i64, bool)],
    coordinator: i64,
) -> Result<(), AppError> {
    for (activity, members) in content::ACTIVITY_GROUPS {
        let Some(&(_, activity_id, _)) = activities.iter().find(|(name, ..)| name == activity)
        else {
            continue;
        };
        for &(participant_id, _) in members.iter().filter_map(|&i| participants.get(i)) {
            sqlx::query(
                "INSERT INTO activity_group_members (activity_id, participant_id, added_by)
                 VALUES ($1, $2, $3)",
            )
            .bind(activity_id)
            .bind(participant_id)
            .bind(coordinator)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

/// A varied but repeatable spread of bookings: some sessions half empty, some full with a
/// waitlist.
async fn book_some(
    conn: &mut Conn,
    session_id: i64,
    session_number: usize,
    capacity: i64,
    participants: &[(i64, bool)],
) -> Result<(), AppError> {
    let wanted = participants
        .iter()
        .enumerate()
        .filter(|(i, _)| (i * 7 + session_number * 3) % 5 < 2)
        .map(|(_, participant)| participant);
    // The first `capacity` wanted get places; the rest queue in order.
    for (position, &(participant_id, needs_lift)) in (0i64..).zip(wanted) {
        let status = if position < capacity {
            "booked"
        } else {
            "waitlisted"
        };
        sqlx::query(
            "INSERT INTO bookings (session_id, participant_id, status, needs_lift)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(session_id)
        .bind(participant_id)
        .bind(status)
        .bind(needs_lift)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn insert_account(
    conn: &mut Conn,
    person_id: i64,
    username: &str,
    password_hash: &str,
    totp_secret: Option<&str>,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO accounts (person_id, username, password_hash, totp_secret, totp_enabled_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(person_id)
    .bind(username)
    .bind(password_hash)
    .bind(totp_secret)
    .bind(totp_secret.map(|_| Stamp::now()))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn insert_person(
    conn: &mut Conn,
    given_name: &str,
    family_name: &str,
    preferred_name: Option<&str>,
    phone: &str,
    email: Option<&str>,
) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar::<_, i64>(
        "INSERT INTO people (given_name, family_name, preferred_name, phone, email)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(given_name)
    .bind(family_name)
    .bind(preferred_name)
    .bind(phone)
    .bind(email)
    .fetch_one(&mut *conn)
    .await?)
}

async fn insert_role(
    conn: &mut Conn,
    person_id: i64,
    role: Role,
) -> Result<(), AppError> {
    sqlx::query("INSERT INTO person_roles (person_id, role) VALUES ($1, $2)")
        .bind(person_id)
        .bind(role)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

fn time_of_day((hour, minute): (u32, u32)) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN)
}

/// One demo sign-in name for each role, for the start-up message: (role, sign-in name).
pub async fn sign_in_names(db: &Pool) -> Result<Vec<(Role, String)>, AppError> {
    let mut names = Vec::new();
    for role in Role::ALL {
        let name: Option<String> = sqlx::query_scalar(
            "SELECT a.username FROM accounts a
             JOIN person_roles r ON r.person_id = a.person_id AND r.role = $1
             ORDER BY (SELECT count(*) FROM person_roles o WHERE o.person_id = a.person_id),
                      a.person_id
             LIMIT 1",
        )
        .bind(role)
        .fetch_optional(db)
        .await?;
        if let Some(name) = name {
            names.push((role, name));
        }
    }
    Ok(names)
}
