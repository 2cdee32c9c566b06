//! The demo programme's people, places, activities and sessions, written in one transaction
//! through the same storage functions the use cases call: the demo holds nothing a real
//! programme could not, and a change to a table reaches the demo without a second INSERT to
//! keep in step.

use chrono::{Datelike, Days, NaiveDate, NaiveTime};

use super::content::{self, participant_username, DEMO_TOTP_SECRET};
use super::DemoOutcome;
use crate::activities::ActivityDraft;
use crate::data::people_edits::Contact;
use crate::data::{self, Tx};
use crate::days_and_times::day_from_number;
use crate::error::AppError;
use crate::fleet::documents::DriverDocuments;
use crate::fleet::places::{OverrideDraft, PickupPointDraft, Place};
use crate::fleet::{VehicleDraft, WeekdaySet};
use crate::geo::GeoPoint;
use crate::my_activities::BookingStatus;
use crate::people::records::ProgrammeDetails;
use crate::people::{ParticipantStatus, PersonId, Role};
use crate::scheduling::planning::NewSession;
use crate::scheduling::session::{ActivityId, SessionId};
use crate::scheduling::week::Week;
use crate::transport::PickupPointId;
use crate::venues::hours::DayHours;
use crate::venues::{SpaceId, VenueDraft, VenueId};

/// Writes the whole programme into `tx`. Sessions run from the Monday of `today`'s week to two
/// weeks after `today`; every account's password hashes to `password_hash`.
pub(super) async fn write(
    tx: &mut Tx,
    today: NaiveDate,
    password_hash: &str,
) -> Result<DemoOutcome, AppError> {
    let pickup_points = pickup_points(tx).await?;
    let (venues, spaces) = venues(tx).await?;
    let activities = activities(tx).await?;
    let staff = staff(tx, password_hash).await?;
    let participants = participants(tx, today, &pickup_points, &staff, password_hash).await?;
    fleet(tx, today, &pickup_points, &venues, &staff).await?;
    activity_groups(tx, &activities, &participants, staff[0].0).await?;
    let sessions = sessions(tx, today, &activities, &spaces, &staff, &participants).await?;
    referrals(tx, today, staff[0].0).await?;
    if let Some((first, _)) = participants.first() {
        plan(tx, today, *first).await?;
        case_meeting(tx, today, staff[0].0, *first).await?;
    }
    Ok(DemoOutcome::Loaded {
        people: staff.len() + participants.len(),
        sessions,
    })
}

async fn pickup_points(tx: &mut Tx) -> Result<Vec<PickupPointId>, AppError> {
    let mut ids = Vec::new();
    for point in content::PICKUP_POINTS {
        let draft = PickupPointDraft {
            name: point.name.into(),
            landmark: point.landmark.into(),
            location: location(point.latitude, point.longitude)?,
        };
        ids.push(added(
            data::places::write_pickup_point(tx, None, &draft).await?,
        )?);
    }
    Ok(ids)
}

/// The venues in content order, and their spaces keyed by (venue index, space name).
async fn venues(
    tx: &mut Tx,
) -> Result<(Vec<VenueId>, Vec<(usize, &'static str, SpaceId)>), AppError> {
    let (mut venues, mut spaces) = (Vec::new(), Vec::<(usize, &str, SpaceId)>::new());
    for (index, venue) in content::VENUES.iter().enumerate() {
        let draft = VenueDraft {
            name: venue.name.into(),
            address: venue.address.into(),
            location: location(venue.latitude, venue.longitude)?,
            access_notes: venue.access_notes.map(Into::into),
        };
        let venue_id = added(data::venues::write_venue(tx, None, &draft).await?)?;
        for &space in venue.spaces {
            // A half names its whole, which is listed (so written) before it.
            let whole = venue
                .parts
                .iter()
                .find(|(half, _)| *half == space)
                .and_then(|(_, whole)| {
                    spaces
                        .iter()
                        .find(|(v, name, _)| *v == index && name == whole)
                })
                .map(|&(.., id)| id);
            let id = data::venues::write_space(tx, venue_id, None, space, whole).await?;
            spaces.push((index, space, id));
        }
        let (opens, closes) = (time_of_day(venue.hours.0), time_of_day(venue.hours.1));
        let week: Vec<DayHours> = venue
            .open_days
            .iter()
            .filter_map(|&day| day_from_number(i64::from(day)))
            .map(|weekday| DayHours {
                weekday,
                opens,
                closes,
            })
            .collect();
        data::venues::replace_hours(tx, venue_id, &week).await?;
        venues.push(venue_id);
    }
    Ok((venues, spaces))
}

/// (name, id, places) of each activity.
async fn activities(tx: &mut Tx) -> Result<Vec<(&'static str, ActivityId, i64)>, AppError> {
    let mut ids = Vec::new();
    for activity in content::ACTIVITIES {
        let draft = ActivityDraft {
            name: activity.name.into(),
            kind: activity.kind,
            default_duration_minutes: activity.default_duration_minutes,
            default_capacity: activity.default_capacity,
            what_to_bring: activity.what_to_bring.map(Into::into),
        };
        let id = data::activities::insert(tx, &draft).await?;
        ids.push((activity.name, id, activity.default_capacity));
    }
    Ok(ids)
}

/// Each staff member's id and whether they mentor, in content order.
async fn staff(tx: &mut Tx, password_hash: &str) -> Result<Vec<(PersonId, bool)>, AppError> {
    let mut ids = Vec::new();
    for member in content::STAFF {
        let contact = Contact {
            given_name: member.given_name.into(),
            family_name: member.family_name.into(),
            preferred_name: None,
            phone: Some(member.phone.into()),
            email: Some(member.email.into()),
        };
        let id = data::people::insert_person(tx, &contact).await?;
        for &role in member.roles {
            data::people_edits::add_role(tx, id, role).await?;
        }
        data::people::insert_account(tx, id, member.email).await?;
        // Everyone the policy requires two-step sign-in of (coordinator, team leader) has it on.
        let totp =
            crate::access::policy::must_use_two_step(member.roles).then_some(DEMO_TOTP_SECRET);
        data::demo::give_sign_in(tx, id, password_hash, totp).await?;
        ids.push((id, member.roles.contains(&Role::Mentor)));
    }
    Ok(ids)
}

/// Each participant's id and whether they need a lift, in content order.
async fn participants(
    tx: &mut Tx,
    today: NaiveDate,
    pickup_points: &[PickupPointId],
    staff: &[(PersonId, bool)],
    password_hash: &str,
) -> Result<Vec<(PersonId, bool)>, AppError> {
    let mentors: Vec<PersonId> = staff
        .iter()
        .filter(|(_, mentors)| *mentors)
        .map(|(id, _)| *id)
        .collect();
    let mut ids = Vec::new();
    for (index, person) in content::PARTICIPANTS.iter().enumerate() {
        let contact = Contact {
            given_name: person.given_name.into(),
            family_name: person.family_name.into(),
            preferred_name: person.preferred_name.map(Into::into),
            phone: Some(format!("07700 900{:03}", 200 + index)),
            email: None,
        };
        let id = data::people::insert_person(tx, &contact).await?;
        data::people_edits::add_role(tx, id, Role::Participant).await?;
        let username = participant_username(person.given_name, person.family_name);
        data::people::insert_account(tx, id, &username).await?;
        data::demo::give_sign_in(tx, id, password_hash, None).await?;
        let referred_on = today - Days::new(person.referred_days_ago);
        data::people::insert_participant(tx, id, Some(person.referral), Some(referred_on)).await?;
        let details = ProgrammeDetails {
            // The newest referrals are still being assessed.
            status: if person.referred_days_ago < 5 {
                ParticipantStatus::Referred
            } else {
                ParticipantStatus::Active
            },
            mentor_id: mentors.get(index % mentors.len().max(1)).copied(),
            pickup_point_id: pickup_points.get(person.pickup_point).copied(),
            needs_lift: person.needs_lift,
            uses_wheelchair: false,
            mobility_needs: person.mobility_needs.map(Into::into),
            notes: None,
        };
        data::people_edits::write_programme(tx, id, &details, person.mobility_needs, None, today)
            .await?;
        ids.push((id, person.needs_lift));
    }
    Ok(ids)
}

/// The vehicles, the drivers' licence and DBS dates, and the coordinator's typed-in travel times.
async fn fleet(
    tx: &mut Tx,
    today: NaiveDate,
    pickup_points: &[PickupPointId],
    venues: &[VenueId],
    staff: &[(PersonId, bool)],
) -> Result<(), AppError> {
    for vehicle in content::VEHICLES {
        let draft = VehicleDraft {
            name: vehicle.name.into(),
            registration: vehicle.registration.into(),
            seats_including_driver: vehicle.seats_including_driver,
            wheelchair_spaces: vehicle.wheelchair_spaces,
            available_days: WeekdaySet(vehicle.available_days),
        };
        added(data::fleet::write_vehicle(tx, None, &draft).await?)?;
    }
    let documents = DriverDocuments {
        licence_expires_on: today + Days::new(content::DRIVER_LICENCE_DAYS_LEFT),
        dbs_renews_on: today + Days::new(content::DRIVER_DBS_DAYS_LEFT),
    };
    for (member, (id, _)) in content::STAFF.iter().zip(staff) {
        if member.roles.contains(&Role::Driver) {
            data::fleet::write_documents(tx, *id, &documents).await?;
        }
    }
    for &(point, venue, minutes) in content::TRAVEL_TIMES {
        let from = content::PICKUP_POINTS.iter().position(|p| p.name == point);
        let to = content::VENUES.iter().position(|v| v.name == venue);
        let (Some(from), Some(to)) = (from, to) else {
            continue;
        };
        let draft = OverrideDraft {
            from: Place::Pickup(pickup_points[from]),
            to: Place::Venue(venues[to]),
            minutes,
        };
        data::places::insert_travel_override(tx, &draft).await?;
    }
    Ok(())
}

/// The activity groups of [`content::ACTIVITY_GROUPS`], as put together by `coordinator`.
async fn activity_groups(
    tx: &mut Tx,
    activities: &[(&str, ActivityId, i64)],
    participants: &[(PersonId, bool)],
    coordinator: PersonId,
) -> Result<(), AppError> {
    for (activity, members) in content::ACTIVITY_GROUPS {
        let Some(&(_, activity_id, _)) = activities.iter().find(|(name, ..)| name == activity)
        else {
            continue;
        };
        for &(participant, _) in members.iter().filter_map(|&i| participants.get(i)) {
            data::activity_groups::insert_member(tx, activity_id, participant, coordinator).await?;
        }
    }
    Ok(())
}

/// The weekly timetable from the Monday of `today`'s week to two weeks after `today`, each
/// weekly slot a series as the programme plans it ("this and following" and course enrolment
/// then work on the demo too), with some bookings. Returns how many sessions there are.
async fn sessions(
    tx: &mut Tx,
    today: NaiveDate,
    activities: &[(&str, ActivityId, i64)],
    spaces: &[(usize, &str, SpaceId)],
    staff: &[(PersonId, bool)],
    participants: &[(PersonId, bool)],
) -> Result<usize, AppError> {
    let last_day = today + Days::new(14);
    let mut count = 0usize;
    let mut series = vec![None; content::WEEKLY_TIMETABLE.len()];
    for date in Week::containing(today)
        .monday()
        .iter_days()
        .take_while(|d| *d <= last_day)
    {
        for (slot_index, slot) in content::WEEKLY_TIMETABLE
            .iter()
            .enumerate()
            .filter(|(_, s)| s.weekday == date.weekday())
        {
            let activity = activities.iter().find(|(name, ..)| *name == slot.activity);
            let space = spaces
                .iter()
                .find(|(venue, space, _)| *venue == slot.venue && *space == slot.space);
            let (Some(&(_, activity, capacity)), Some(&(.., space))) = (activity, space) else {
                continue;
            };
            let series_id = match series[slot_index] {
                Some(id) => id,
                None => *series[slot_index].insert(data::series::new_series(tx).await?),
            };
            let leads = content::leads_for(slot.activity)
                .iter()
                .filter_map(|&lead| staff.get(lead).map(|(id, _)| *id))
                .collect();
            let session = NewSession {
                activity,
                space,
                starts_at: date.and_time(time_of_day(slot.start)),
                ends_at: date.and_time(time_of_day(slot.end)),
                leads,
                capacity: None,
                notes: None,
            };
            let id =
                data::planning::insert_session(tx, &session, capacity, Some(series_id)).await?;
            for &lead in &session.leads {
                data::planning::add_lead(tx, id, lead).await?;
            }
            book_some(tx, id, count, capacity, participants).await?;
            // One session in the coming weeks is cancelled, so the cancelled look is visible.
            if slot.activity == "Fishing"
                && Week::containing(date) == Week::containing(today).next()
            {
                data::planning::cancel(tx, id, "The lake is closed for maintenance.").await?;
            }
            count += 1;
        }
    }
    Ok(count)
}

/// A varied but repeatable spread of bookings: some sessions half empty, some full with a
/// waitlist. The first `capacity` wanted get places; the rest queue in order.
async fn book_some(
    tx: &mut Tx,
    session: SessionId,
    session_number: usize,
    capacity: i64,
    participants: &[(PersonId, bool)],
) -> Result<(), AppError> {
    let wanted = participants
        .iter()
        .enumerate()
        .filter(|(i, _)| (i * 7 + session_number * 3) % 5 < 2)
        .map(|(_, participant)| participant);
    for (position, &(participant, needs_lift)) in (0i64..).zip(wanted) {
        let status = if position < capacity {
            BookingStatus::Booked
        } else {
            BookingStatus::Waitlisted
        };
        data::enrolment::insert(tx, session, participant, status, needs_lift).await?;
    }
    Ok(())
}

/// The first participant's plan, as their mentor and they would have made it: needs in two
/// areas, two goals with steps (one ticked), and a one-to-one note.
/// Last month's case meeting, closed, with a minute and an action for the participant's mentor
/// that is now overdue (so it shows on the mentor's and the coordinator's home pages).
async fn case_meeting(
    tx: &mut Tx,
    today: NaiveDate,
    coordinator: PersonId,
    participant: PersonId,
) -> Result<(), AppError> {
    let Some((_, Some(mentor))) = data::plans::participant(tx, participant).await? else {
        return Ok(());
    };
    let ago = |days: u64| today.checked_sub_days(Days::new(days)).unwrap_or(today);
    let meeting = data::case_meetings::insert_meeting(tx, ago(28), coordinator).await?;
    for here in [coordinator, mentor] {
        data::case_meetings::set_attendee(tx, meeting, here, true).await?;
    }
    data::case_meetings::insert_minute(
        tx,
        meeting,
        participant,
        "Settling in; tennis is going well. Wants help opening a bank account.",
        coordinator,
        false,
    )
    .await?;
    data::case_meetings::insert_action(
        tx,
        meeting,
        participant,
        "Go with him to the bank to open an account",
        mentor,
        ago(7),
        coordinator,
    )
    .await?;
    // The demo's only meeting: it reviewed the month before it.
    let since = crate::case_meetings::agenda::Review::new(ago(28), None).since;
    data::case_meetings::close_meeting(tx, meeting, coordinator, chrono::Utc::now(), since).await?;
    Ok(())
}

async fn plan(tx: &mut Tx, today: NaiveDate, participant: PersonId) -> Result<(), AppError> {
    use crate::plans::form::{GoalDraft, OneToOneDraft};
    use crate::plans::{AreaId, ContactKind, NeedLevel};
    let Some((_, Some(mentor))) = data::plans::participant(tx, participant).await? else {
        return Ok(());
    };
    let ago = |days: u64| today.checked_sub_days(Days::new(days)).unwrap_or(today);
    let ahead = |days: u64| today.checked_add_days(Days::new(days)).unwrap_or(today);
    let assessed = ago(14);
    data::plans::write_need(
        tx,
        participant,
        AreaId(1),
        NeedLevel::Some,
        Some("Staying with his sister; wants his own place."),
        assessed,
        mentor,
    )
    .await?;
    data::plans::write_need(
        tx,
        participant,
        AreaId(2),
        NeedLevel::High,
        Some("Keen on construction work."),
        assessed,
        mentor,
    )
    .await?;
    for (area, title, owner, target, steps) in content::PLAN_GOALS {
        let goal = GoalDraft {
            area: AreaId(*area),
            title: (*title).into(),
            owner: if *owner { participant } else { mentor },
            target_on: ahead(*target),
            steps: steps.iter().map(|s| (*s).into()).collect(),
        };
        data::plans::insert_goal(tx, participant, &goal, assessed, mentor).await?;
    }
    if let Some(step) = data::plans::steps(tx, participant).await?.first() {
        data::plans::mark_step(tx, step.id, Some(ago(3)), Some(participant)).await?;
    }
    let contact = OneToOneDraft {
        met_on: ago(7),
        kind: ContactKind::Meeting,
        areas: vec![AreaId(2)],
        note: content::PLAN_NOTE.into(),
    };
    data::plans::insert_one_to_one(tx, participant, &contact, mentor).await?;
    let slug = crate::wellbeing::instrument::demo_slug();
    for (days, point, answers, score) in content::PLAN_CHECK_INS {
        let on = ago(*days);
        let id = data::wellbeing::insert_response(tx, participant, &slug, *point, on, None).await?;
        data::wellbeing::save_answers(tx, id, answers).await?;
        data::wellbeing::complete(tx, id, score * 100, on).await?;
    }
    Ok(())
}

/// A few referrals in the coordinator's queue, each read by the same rules as a real form and
/// written through the same storage, at different steps; and a partner link for probation
/// (its secret thrown away: the demo never shows it).
async fn referrals(tx: &mut Tx, today: NaiveDate, coordinator: PersonId) -> Result<(), AppError> {
    use crate::referrals::form::{Channel, NewReferral, ReferralForm};
    use crate::referrals::status::{CloseReason, ReferralStatus};
    let ago = |days: u64| today.checked_sub_days(Days::new(days)).unwrap_or(today);
    let consented = ago(30).format("%Y-%m-%d").to_string();
    for demo in content::REFERRALS {
        let received = ago(demo.days_ago);
        let form = ReferralForm {
            source: demo.source.into(),
            organisation: demo.organisation.into(),
            referrer_name: demo.referrer.into(),
            referrer_contact: "01438 000000".into(),
            given_name: demo.given_name.into(),
            family_name: demo.family_name.into(),
            born_on: demo.born_on.into(),
            phone: demo.phone.into(),
            in_area: "yes".into(),
            reason: demo.reason.into(),
            consent_how: "verbal".into(),
            consent_on: consented.clone(),
            share_back: "attendance".into(),
            agree: "yes".into(),
            ..Default::default()
        };
        let channel = if demo.source == "self" {
            Channel::SelfReferral
        } else {
            Channel::Staff
        };
        let referral = NewReferral::parse(&form, &channel, received).map_err(|problems| {
            tracing::error!(?problems, "a demo referral does not pass the form's rules");
            AppError::Internal
        })?;
        let id = data::referrals::insert(tx, &referral, None).await?;
        data::referrals::insert_event(tx, id, ReferralStatus::Received, None, None, None, received)
            .await?;
        if let Some(days) = demo.contacted_days_ago {
            let status = ReferralStatus::Contacted;
            data::referrals::set_status(tx, id, status, None).await?;
            data::referrals::insert_event(tx, id, status, None, None, Some(coordinator), ago(days))
                .await?;
        }
        if let Some(days) = demo.declined_days_ago {
            let reason = Some(CloseReason::Declined);
            data::referrals::set_status(tx, id, ReferralStatus::Closed, reason).await?;
            data::referrals::insert_event(
                tx,
                id,
                ReferralStatus::Closed,
                reason,
                None,
                Some(coordinator),
                ago(days),
            )
            .await?;
        }
    }
    let secret = crate::server::auth::new_token();
    let expires = today
        .checked_add_months(chrono::Months::new(12))
        .unwrap_or(today);
    data::referrals::insert_link(
        tx,
        &crate::referrals::use_cases::hash_token(&secret),
        "Hertfordshire Probation Service",
        crate::referrals::Source::Probation,
        coordinator,
        ago(20),
        expires,
    )
    .await?;
    Ok(())
}

fn location(latitude: f64, longitude: f64) -> Result<GeoPoint, AppError> {
    GeoPoint::new(latitude, longitude).map_err(|_| AppError::Internal)
}

/// The id of a row just added; `None` only for an update of a row that is not there.
fn added<T>(id: Option<T>) -> Result<T, AppError> {
    id.ok_or(AppError::Internal)
}

fn time_of_day((hour, minute): (u32, u32)) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN)
}
