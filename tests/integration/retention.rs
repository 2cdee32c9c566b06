//! The retention schedule on the real database (either backend): a case closed longer ago than
//! its period is anonymised — names, contacts, notes and free text gone; year of birth, dates,
//! source, coded outcomes and scores kept — with a tombstone in the audit log; a legal hold
//! stops it for one person; one-to-one notes and receipts go on their own periods; and the audit
//! log loses only what is older than its horizon, which the database itself enforces.

use chrono::{Days, Months, NaiveDate};

use crate::common::{a_wednesday, count, load_demo, TestDb};
use turnaround::data::audit::Actor;
use turnaround::data::Db;
use turnaround::people::records::ProgrammeDetails;
use turnaround::people::{ParticipantStatus, PersonId};
use turnaround::retention::use_cases as retention;
use turnaround::retention::{RecordKind, RunSummary};

async fn person(db: &Db, username: &str) -> PersonId {
    on!(
        db,
        query_scalar("SELECT person_id FROM accounts WHERE username = $1")
            .bind(username)
            .fetch_one
    )
    .expect("a demo account")
}

/// Ends a participant's time on the programme on `on`, as the coordinator's edit page does.
async fn close(db: &Db, participant: PersonId, on: NaiveDate) {
    // Free text that names them, so a search for their name finds every piece of it.
    let (given, _, _) = name(db, participant).await;
    let details = ProgrammeDetails {
        status: ParticipantStatus::Completed,
        mentor_id: None,
        pickup_point_id: None,
        needs_lift: false,
        uses_wheelchair: false,
        mobility_needs: Some(format!("{given} walks with a stick")),
        notes: Some(format!("{given} lives with his sister")),
    };
    turnaround::people_admin::use_cases::update_programme(db, participant, &details, on)
        .await
        .expect("closed");
}

/// A referral for `participant` in their own name, with a birth date, a reason, and a closing
/// note in its history.
async fn referral_for(db: &Db, participant: PersonId, on: NaiveDate) -> i64 {
    let (given, family, _) = name(db, participant).await;
    let id: i64 = on!(
        db,
        query_scalar(
            "INSERT INTO referrals (source, referrer_organisation, referrer_name, referrer_contact,
                 received_on, given_name, family_name, born_on, phone, town, in_area, reason,
                 consent_how, consent_on, share_back, status, close_reason, participant_id)
             VALUES ('probation', 'County Probation', 'Jo Officer', '01438 000000', $1, $5,
                 $6, $2, '07700 900123', 'Stevenage', $3, $5 || ' referred after release',
                 'written', $1, 'attendance', 'closed', 'completed', $4)
             RETURNING id",
        )
        .bind(on)
        .bind(NaiveDate::from_ymd_opt(1990, 5, 17).unwrap())
        .bind(true)
        .bind(participant)
        .bind(&given)
        .bind(&family)
        .fetch_one
    )
    .unwrap();
    run!(
        db,
        query(
            "INSERT INTO referral_events (referral_id, status, close_reason, note, on_date)
             VALUES ($1, 'closed', 'completed', $3 || ' finished the course, moved to Luton', $2)",
        )
        .bind(id)
        .bind(on)
        .bind(&given)
        .execute
    )
    .unwrap();
    id
}

async fn one_to_one(db: &Db, participant: PersonId, by: PersonId, on: NaiveDate) {
    let (given, _, _) = name(db, participant).await;
    run!(
        db,
        query(
            "INSERT INTO one_to_ones (participant_id, met_on, kind, note, recorded_by)
             VALUES ($1, $2, 'meeting', 'Talked about ' || $4 || '''s brother''s court date', $3)",
        )
        .bind(participant)
        .bind(on)
        .bind(by)
        .bind(given)
        .execute
    )
    .unwrap();
}

async fn name(db: &Db, id: PersonId) -> (String, String, Option<String>) {
    on!(
        db,
        query_as("SELECT given_name, family_name, phone FROM people WHERE id = $1")
            .bind(id)
            .fetch_one
    )
    .unwrap()
}

async fn tombstones(db: &Db, id: PersonId) -> i64 {
    on!(
        db,
        query_scalar(
            "SELECT count(*) FROM audit_events WHERE action = 'record_anonymised' AND subject_id = $1
               AND detail LIKE 'participant record%'"
        )
        .bind(id)
        .fetch_one
    )
    .unwrap()
}

/// Two demo participants (with referrals and one-to-one notes) closed on the same day, and the
/// coordinator.
async fn closed_pair(closed_on: NaiveDate) -> (TestDb, PersonId, PersonId, PersonId) {
    let test = TestDb::new().await;
    load_demo(&test.db, a_wednesday())
        .await
        .expect("demo loads");
    let db = &test.db;
    let sarah = person(db, "sarah.coordinator@example.org").await;
    let first = person(db, "daniel.hughes").await;
    let second = person(db, "kieran.walsh").await;
    for participant in [first, second] {
        close(db, participant, closed_on).await;
        referral_for(db, participant, closed_on - Days::new(200)).await;
        one_to_one(db, participant, sarah, closed_on - Days::new(30)).await;
    }
    (test, sarah, first, second)
}

#[tokio::test]
async fn an_expired_case_is_anonymised_with_a_tombstone_and_a_held_one_is_kept() {
    let closed_on = NaiveDate::from_ymd_opt(2019, 6, 10).unwrap();
    let (test, sarah, danny, kieran) = closed_pair(closed_on).await;
    let db = &test.db;
    let closed: Option<NaiveDate> = on!(
        db,
        query_scalar("SELECT closed_on FROM participants WHERE person_id = $1")
            .bind(danny)
            .fetch_one
    )
    .unwrap();
    assert_eq!(
        closed,
        Some(closed_on),
        "completing closes the case that day"
    );
    let sarah_acts = Actor {
        person: sarah,
        ip: None,
    };
    retention::place_hold(db, &sarah_acts, kieran, "Court case pending", closed_on)
        .await
        .expect("held");

    // The day before the six years are up, nothing goes.
    let six_years_on = closed_on.checked_add_months(Months::new(72)).unwrap();
    let early = retention::run(db, None, six_years_on - Days::new(1))
        .await
        .unwrap();
    assert_eq!(early.participants_anonymised, 0, "{early:?}");
    assert_eq!(name(db, danny).await.0, "Daniel");

    let summary = retention::run(db, None, six_years_on).await.unwrap();
    assert_eq!(summary.participants_anonymised, 1, "{summary:?}");
    assert_eq!(summary.referrals_anonymised, 1, "{summary:?}");
    assert_eq!(
        name(db, danny).await,
        ("Former".into(), "participant".into(), None),
        "name and phone gone"
    );
    let accounts: i64 = on!(
        db,
        query_scalar("SELECT count(*) FROM accounts WHERE person_id = $1")
            .bind(danny)
            .fetch_one
    )
    .unwrap();
    assert_eq!(accounts, 0, "nobody signs in as a former participant");
    let (notes, mobility, status): (Option<String>, Option<String>, String) = on!(
        db,
        query_as("SELECT notes, mobility_needs, status FROM participants WHERE person_id = $1")
            .bind(danny)
            .fetch_one
    )
    .unwrap();
    assert_eq!((notes, mobility), (None, None), "free text gone");
    assert_eq!(status, "completed", "the coded outcome stays");

    type ReferralKept = (
        String,
        Option<NaiveDate>,
        Option<i32>,
        Option<String>,
        Option<String>,
        String,
        NaiveDate,
        Option<String>,
    );
    let referral: ReferralKept = on!(
        db,
        query_as(
            "SELECT given_name, born_on, born_year, reason, referrer_name, source, received_on,
                    close_reason
             FROM referrals WHERE participant_id = $1"
        )
        .bind(danny)
        .fetch_one
    )
    .unwrap();
    assert_eq!(referral.0, "Former");
    assert_eq!(
        (referral.1, referral.2),
        (None, Some(1990)),
        "the year of birth stays"
    );
    assert_eq!(
        (referral.3, referral.4),
        (None, None),
        "reason and referrer gone"
    );
    assert_eq!(referral.5, "probation", "the source stays");
    assert_eq!(referral.6, closed_on - Days::new(200), "dates stay");
    assert_eq!(referral.7.as_deref(), Some("completed"));
    let event_notes: Vec<Option<String>> = on!(
        db,
        query_scalar(
            "SELECT e.note FROM referral_events e JOIN referrals r ON r.id = e.referral_id
             WHERE r.participant_id = $1"
        )
        .bind(danny)
        .fetch_all
    )
    .unwrap();
    assert_eq!(
        event_notes,
        vec![None],
        "the history's steps stay, its notes go"
    );
    // The demo's own note about him and the one added here: every wording gone, dates kept.
    let notes: Vec<(String, NaiveDate)> = on!(
        db,
        query_as("SELECT note, met_on FROM one_to_ones WHERE participant_id = $1 ORDER BY met_on")
            .bind(danny)
            .fetch_all
    )
    .unwrap();
    assert!(notes.len() >= 2, "{notes:?}");
    assert!(
        notes.iter().all(|(note, _)| note.contains("removed")),
        "{notes:?}"
    );
    assert!(
        notes.iter().any(|(_, on)| *on == closed_on - Days::new(30)),
        "the contact's date stays"
    );
    assert_eq!(tombstones(db, danny).await, 1, "a tombstone for the record");

    // Nobody can write a name or a note back into the anonymised record.
    let reopen = ProgrammeDetails {
        status: ParticipantStatus::Active,
        mentor_id: None,
        pickup_point_id: None,
        needs_lift: false,
        uses_wheelchair: false,
        mobility_needs: None,
        notes: Some("Daniel is back".into()),
    };
    let refused =
        turnaround::people_admin::use_cases::update_programme(db, danny, &reopen, six_years_on)
            .await
            .unwrap_err();
    assert!(refused.to_string().contains("anonymised"), "{refused}");
    let renamed = run!(
        db,
        query("UPDATE people SET given_name = 'Daniel' WHERE id = $1")
            .bind(danny)
            .execute
    );
    assert!(renamed.is_err(), "the database refuses it too");

    // The held participant is untouched, and a second run the same day changes nothing.
    assert_eq!(name(db, kieran).await.0, "Kieran");
    assert_eq!(tombstones(db, kieran).await, 0);
    let again = retention::run(db, None, six_years_on).await.unwrap();
    assert_eq!(again, RunSummary::default());
    assert_eq!(tombstones(db, danny).await, 1);

    // Lifted, the hold's participant follows the schedule at the next run.
    retention::lift_hold(db, &sarah_acts, kieran).await.unwrap();
    let after = retention::run(db, Some(&sarah_acts), six_years_on)
        .await
        .unwrap();
    assert_eq!(after.participants_anonymised, 1, "{after:?}");
    assert_eq!(name(db, kieran).await.0, "Former");
    let holds: Vec<String> = on!(
        db,
        query_scalar(
            "SELECT action FROM audit_events WHERE subject_id = $1
               AND action IN ('legal_hold_placed', 'legal_hold_lifted') ORDER BY id"
        )
        .bind(kieran)
        .fetch_all
    )
    .unwrap();
    assert_eq!(holds, ["legal_hold_placed", "legal_hold_lifted"]);
}

#[tokio::test]
async fn notes_and_receipts_go_on_their_own_periods_and_the_audit_log_keeps_its_horizon() {
    let closed_on = NaiveDate::from_ymd_opt(2025, 1, 15).unwrap();
    let (test, sarah, danny, kieran) = closed_pair(closed_on).await;
    let db = &test.db;
    let sarah_acts = Actor {
        person: sarah,
        ip: None,
    };
    retention::set_period(db, &sarah_acts, RecordKind::OneToOneNotes, 12)
        .await
        .unwrap();
    retention::set_period(db, &sarah_acts, RecordKind::AuditEntries, 24)
        .await
        .unwrap();

    // A claim paid long ago, with a receipt photo.
    let driver = person(db, "mick.driver@example.org").await;
    let claim: i64 = on!(
        db,
        query_scalar("INSERT INTO claims (person_id, month) VALUES ($1, $2) RETURNING id")
            .bind(driver)
            .bind(NaiveDate::from_ymd_opt(2018, 3, 1).unwrap())
            .fetch_one
    )
    .unwrap();
    let line: i64 = on!(
        db,
        query_scalar(
            "INSERT INTO claim_lines (claim_id, kind, line_date, category, amount_pence)
             VALUES ($1, 'expense', $2, 'fuel', 4500) RETURNING id"
        )
        .bind(claim)
        .bind(NaiveDate::from_ymd_opt(2018, 3, 9).unwrap())
        .fetch_one
    )
    .unwrap();
    run!(
        db,
        query("INSERT INTO receipts (line_id, content_type, bytes, sha256) VALUES ($1, 'image/png', $2, $3)")
            .bind(line)
            .bind(vec![137u8, 80, 78, 71])
            .bind("0".repeat(64))
            .execute
    )
    .unwrap();
    run!(
        db,
        query("UPDATE claims SET state = 'paid', paid_on = $2 WHERE id = $1")
            .bind(claim)
            .bind(NaiveDate::from_ymd_opt(2018, 4, 20).unwrap())
            .execute
    )
    .unwrap();

    // Kieran is on hold: his notes and everything in the log about him stay.
    retention::place_hold(
        db,
        &sarah_acts,
        kieran,
        "Complaint under investigation",
        closed_on,
    )
    .await
    .unwrap();
    run!(
        db,
        query("INSERT INTO audit_events (at, action, subject_id, detail) VALUES ('2015-02-01T09:00:00.000Z', 'referral_read', $1, 'held')")
            .bind(kieran)
            .execute
    )
    .unwrap();

    // Entries from long ago: one ordinary, one tombstone.
    for action in ["sign_out", "record_anonymised"] {
        run!(
            db,
            query("INSERT INTO audit_events (at, action, detail) VALUES ('2015-02-01T09:00:00.000Z', $1, 'old')")
                .bind(action)
                .execute
        )
        .unwrap();
    }
    let old_entry: i64 = on!(
        db,
        query_scalar(
            "SELECT min(id) FROM audit_events WHERE action = 'sign_out' AND detail = 'old'"
        )
        .fetch_one
    )
    .unwrap();
    let refused = run!(
        db,
        query("DELETE FROM audit_events WHERE id = $1")
            .bind(old_entry)
            .execute
    );
    assert!(
        refused.is_err(),
        "nothing is deleted before the horizon moves"
    );

    let worded: i64 = on!(
        db,
        query_scalar("SELECT count(*) FROM one_to_ones WHERE participant_id = $1")
            .bind(danny)
            .fetch_one
    )
    .unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
    let entries_before = count(db, "audit_events").await;
    let summary = retention::run(db, None, today).await.unwrap();
    assert_eq!(summary.participants_anonymised, 0, "six years are not up");
    assert_eq!(
        summary.notes_removed,
        u64::try_from(worded).unwrap(),
        "every note of the closed case not on hold: {summary:?}"
    );
    assert_eq!(summary.receipts_deleted, 1, "{summary:?}");
    assert_eq!(
        summary.audit_entries_deleted, 1,
        "only the old entry: {summary:?}"
    );
    assert_eq!(name(db, danny).await.0, "Daniel", "the record itself stays");
    let receipts: i64 = on!(
        db,
        query_scalar("SELECT count(*) FROM receipts WHERE line_id = $1")
            .bind(line)
            .fetch_one
    )
    .unwrap();
    assert_eq!(receipts, 0);
    let amount: i64 = on!(
        db,
        query_scalar("SELECT amount_pence FROM claim_lines WHERE id = $1")
            .bind(line)
            .fetch_one
    )
    .unwrap();
    assert_eq!(amount, 4500, "the claim's amounts stay");
    // One tombstone (Danny's notes) and the run's own entry came in; one old entry went.
    assert_eq!(count(db, "audit_events").await, entries_before + 1 + 1 - 1);
    let held: i64 = on!(
        db,
        query_scalar("SELECT count(*) FROM audit_events WHERE detail = 'held'").fetch_one
    )
    .unwrap();
    assert_eq!(held, 1, "the held participant's old entry stays");
    let old_tombstones: i64 = on!(
        db,
        query_scalar("SELECT count(*) FROM audit_events WHERE detail = 'old'").fetch_one
    )
    .unwrap();
    assert_eq!(old_tombstones, 1, "the old tombstone stays");

    // Newer entries stay append-only, and the horizon never moves back.
    let newest: i64 = on!(
        db,
        query_scalar("SELECT max(id) FROM audit_events").fetch_one
    )
    .unwrap();
    assert!(run!(
        db,
        query("DELETE FROM audit_events WHERE id = $1")
            .bind(newest)
            .execute
    )
    .is_err());
    assert!(run!(
        db,
        query("UPDATE audit_horizon SET purge_before = $1")
            .bind(NaiveDate::from_ymd_opt(2000, 1, 1).unwrap())
            .execute
    )
    .is_err());
}

#[tokio::test]
async fn periods_outside_their_limits_and_holds_on_nobody_are_refused() {
    use turnaround::retention::parse_months;
    let test = TestDb::new().await;
    load_demo(&test.db, a_wednesday())
        .await
        .expect("demo loads");
    let db = &test.db;
    let sarah = person(db, "sarah.coordinator@example.org").await;
    let sarah_acts = Actor {
        person: sarah,
        ip: None,
    };
    assert!(parse_months(RecordKind::CaseRecords, "6").is_err());
    let missing = retention::place_hold(db, &sarah_acts, PersonId(999_999), "Court", a_wednesday())
        .await
        .unwrap_err();
    assert!(missing.to_string().contains("could not find"), "{missing}");
    let danny = person(db, "daniel.hughes").await;
    retention::place_hold(db, &sarah_acts, danny, "Court", a_wednesday())
        .await
        .unwrap();
    let twice = retention::place_hold(db, &sarah_acts, danny, "Again", a_wednesday())
        .await
        .unwrap_err();
    assert!(twice.to_string().contains("already on hold"), "{twice}");
    let overview = retention::overview(db, a_wednesday()).await.unwrap();
    assert_eq!(overview.holds.len(), 1);
    assert_eq!(overview.holds[0].reason, "Court");
    assert_eq!(
        overview
            .periods
            .iter()
            .map(|p| p.months)
            .collect::<Vec<_>>(),
        [72, 24, 72, 72],
        "the starting schedule"
    );
}

/// Every text column of every table, by (table, column), on either backend.
async fn text_columns(db: &Db) -> Vec<(String, String)> {
    match db {
        Db::Sqlite(pool) => sqlx::query_as(
            "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
             WHERE m.type = 'table' AND upper(p.type) = 'TEXT' ORDER BY 1, 2",
        )
        .fetch_all(pool)
        .await
        .unwrap(),
        Db::Postgres(pool) => sqlx::query_as(
            "SELECT table_name::text, column_name::text FROM information_schema.columns
             WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying')
             ORDER BY 1, 2",
        )
        .fetch_all(pool)
        .await
        .unwrap(),
    }
}

/// Where `needle` appears (any case) in any text column: "table.column" for each.
async fn found_in(db: &Db, columns: &[(String, String)], needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (table, column) in columns {
        let sql = format!("SELECT count(*) FROM \"{table}\" WHERE lower(\"{column}\") LIKE $1");
        let pattern = format!("%{}%", needle.to_lowercase());
        let hits: i64 = on!(db, query_scalar(&sql).bind(&pattern).fetch_one).unwrap();
        if hits > 0 {
            found.push(format!("{table}.{column}"));
        }
    }
    found
}

#[tokio::test]
async fn after_anonymising_no_name_or_note_is_left_in_any_text_column_and_the_figures_stay() {
    let closed_on = NaiveDate::from_ymd_opt(2019, 6, 10).unwrap();
    let (test, sarah, danny, kieran) = closed_pair(closed_on).await;
    let db = &test.db;
    let sarah_acts = Actor {
        person: sarah,
        ip: None,
    };
    // Kieran is held: his name must still be found, which shows the search works; and the pair
    // kept apart with him is part of his records, so it stays.
    retention::place_hold(db, &sarah_acts, kieran, "Court case pending", closed_on)
        .await
        .unwrap();
    let (a, b) = if danny < kieran {
        (danny, kieran)
    } else {
        (kieran, danny)
    };
    run!(
        db,
        query("INSERT INTO keep_apart (person_a, person_b, reason) VALUES ($1, $2, 'Kieran fell out')")
            .bind(a)
            .bind(b)
            .execute
    )
    .unwrap();
    let phone: String = on!(
        db,
        query_scalar("SELECT phone FROM people WHERE id = $1")
            .bind(danny)
            .fetch_one
    )
    .unwrap();
    let figures = |db: &Db| {
        let db = db.clone();
        async move {
            let mut counts = Vec::new();
            for sql in [
                "SELECT count(*) FROM attendance WHERE participant_id = $1",
                "SELECT count(*) FROM bookings WHERE participant_id = $1",
                "SELECT count(*) FROM wellbeing_responses WHERE participant_id = $1 AND score IS NOT NULL",
                "SELECT count(*) FROM goals WHERE participant_id = $1 AND review IS NOT NULL",
                "SELECT count(*) FROM one_to_ones WHERE participant_id = $1",
                "SELECT count(*) FROM referrals WHERE participant_id = $1 AND source = 'probation'",
            ] {
                let n: i64 = on!(&db, query_scalar(sql).bind(danny).fetch_one).unwrap();
                counts.push(n);
            }
            counts
        }
    };
    // A register mark (with a reason that names him) and a reviewed goal, so every figure
    // has something to keep.
    run!(
        db,
        query(
            "INSERT INTO attendance (session_id, participant_id, outcome, absent_reason, recorded_by)
             SELECT b.session_id, b.participant_id, 'absent', 'Daniel at the dentist', $2
             FROM bookings b WHERE b.participant_id = $1 ORDER BY b.id LIMIT 1"
        )
        .bind(danny)
        .bind(sarah)
        .execute
    )
    .unwrap();
    run!(
        db,
        query(
            "UPDATE goals SET review = 'achieved', reviewed_on = $2, reviewed_by = $3
             WHERE participant_id = $1"
        )
        .bind(danny)
        .bind(closed_on)
        .bind(sarah)
        .execute
    )
    .unwrap();
    let before = figures(db).await;
    assert!(
        before.iter().all(|n| *n > 0),
        "the demo gives him some of each: {before:?}"
    );

    let six_years_on = closed_on.checked_add_months(Months::new(72)).unwrap();
    let summary = retention::run(db, None, six_years_on).await.unwrap();
    assert_eq!(summary.participants_anonymised, 1, "{summary:?}");

    let columns = text_columns(db).await;
    assert!(
        columns.len() > 50,
        "the search covers the schema: {}",
        columns.len()
    );
    // Every piece of free text written about him above names him ("Daniel walks with a
    // stick", "Talked about Daniel's brother's court date"), so his names find them all.
    for needle in ["Daniel", "Hughes", "Danny", phone.as_str()] {
        let found = found_in(db, &columns, needle).await;
        assert!(found.is_empty(), "{needle:?} is still in {found:?}");
    }
    assert!(
        !found_in(db, &columns, "Kieran").await.is_empty(),
        "the held participant's name is still there"
    );
    assert_eq!(figures(db).await, before, "the figures stay");
    let pair: i64 = on!(
        db,
        query_scalar("SELECT count(*) FROM keep_apart WHERE person_a = $1 AND person_b = $2")
            .bind(a)
            .bind(b)
            .fetch_one
    )
    .unwrap();
    assert_eq!(pair, 1, "the held participant's pair stays");
}
