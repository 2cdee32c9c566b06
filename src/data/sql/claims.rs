//! Expense claims, their lines, receipts and history, and the mileage rates table. The use cases
//! (`claims::use_cases`) decide; this reads and writes.

use chrono::NaiveDate;

use super::Conn;
use super::Pool;
use crate::claims::money::{Pence, Tenths};
use crate::claims::rates::{MileageRate, Priced};
use crate::claims::states::{ClaimState, ClaimStep};
use crate::claims::{ClaimId, ClaimMonth, ExpenseCategory, LineDraft, LineId};
use crate::data::claims::{ClaimRow, EventRow, LineRow};
use crate::error::AppError;
use crate::people::PersonId;

const NAME: &str = "coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name";

const CLAIM: &str = "SELECT id, person_id, month, state, paid_on FROM claims";

/// The person's claim for `month`, when there is one.
pub async fn claim_for(
    conn: &mut Conn,
    person: PersonId,
    month: ClaimMonth,
) -> Result<Option<ClaimRow>, AppError> {
    Ok(sqlx::query_as(&format!("{CLAIM} WHERE person_id = $1 AND month = $2"))
        .bind(person)
        .bind(month.0)
        .fetch_optional(&mut *conn)
        .await?)
}

/// A claim by its id.
pub async fn claim(conn: &mut Conn, id: ClaimId) -> Result<Option<ClaimRow>, AppError> {
    Ok(sqlx::query_as(&format!("{CLAIM} WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?)
}

/// Starts the person's (empty, draft) claim for `month`.
pub async fn insert_claim(
    conn: &mut Conn,
    person: PersonId,
    month: ClaimMonth,
) -> Result<ClaimId, AppError> {
    Ok(sqlx::query_scalar("INSERT INTO claims (person_id, month) VALUES ($1, $2) RETURNING id")
        .bind(person)
        .bind(month.0)
        .fetch_one(&mut *conn)
        .await?)
}

/// The line an earlier send of the same form added, if any.
pub async fn line_with_key(
    conn: &mut Conn,
    claim: ClaimId,
    form_key: &str,
) -> Result<Option<LineId>, AppError> {
    Ok(sqlx::query_scalar("SELECT id FROM claim_lines WHERE claim_id = $1 AND form_key = $2")
        .bind(claim)
        .bind(form_key)
        .fetch_optional(&mut *conn)
        .await?)
}

/// Adds a line (a journey unpriced until the claim is sent).
pub async fn insert_line(
    conn: &mut Conn,
    claim: ClaimId,
    line: &LineDraft,
    form_key: Option<&str>,
) -> Result<LineId, AppError> {
    let query = sqlx::query_scalar(
        "INSERT INTO claim_lines (claim_id, kind, line_date, from_place, to_place, purpose, tenths,
                                  category, description, amount_pence, form_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(claim);
    let query = match line {
        LineDraft::Journey { date, from, to, purpose, distance } => query
            .bind("journey")
            .bind(*date)
            .bind(from)
            .bind(to)
            .bind(purpose)
            .bind(Some(*distance))
            .bind(None::<ExpenseCategory>)
            .bind("")
            .bind(None::<Pence>),
        LineDraft::Expense { date, category, description, amount } => query
            .bind("expense")
            .bind(*date)
            .bind(None::<String>)
            .bind(None::<String>)
            .bind(None::<String>)
            .bind(None::<Tenths>)
            .bind(Some(*category))
            .bind(description)
            .bind(Some(*amount)),
    };
    Ok(query.bind(form_key).fetch_one(&mut *conn).await?)
}

/// The claim a line is on; `None` when there is no such line.
pub async fn claim_of_line(conn: &mut Conn, line: LineId) -> Result<Option<ClaimRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "{CLAIM} WHERE id = (SELECT claim_id FROM claim_lines WHERE id = $1)"
    ))
    .bind(line)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Removes a line and its receipt.
pub async fn delete_line(conn: &mut Conn, line: LineId) -> Result<(), AppError> {
    sqlx::query("DELETE FROM claim_lines WHERE id = $1")
        .bind(line)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Keeps (or replaces) a line's receipt photo.
pub async fn write_receipt(
    conn: &mut Conn,
    line: LineId,
    content_type: &str,
    bytes: &[u8],
    sha256: &str,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO receipts (line_id, content_type, bytes, sha256) VALUES ($1, $2, $3, $4)
         ON CONFLICT (line_id) DO UPDATE SET content_type = excluded.content_type,
             bytes = excluded.bytes, sha256 = excluded.sha256",
    )
    .bind(line)
    .bind(content_type)
    .bind(bytes)
    .bind(sha256)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A receipt's type and bytes.
pub async fn receipt(conn: &mut Conn, line: LineId) -> Result<Option<(String, Vec<u8>)>, AppError> {
    Ok(sqlx::query_as("SELECT content_type, bytes FROM receipts WHERE line_id = $1")
        .bind(line)
        .fetch_optional(&mut *conn)
        .await?)
}

const LINES: &str = "SELECT l.id, l.claim_id, l.kind, l.line_date, l.from_place, l.to_place, l.purpose,
            l.tenths, l.category, l.description, l.amount_pence, l.rate_pence, l.priced_as,
            l.lower_tenths, l.rate_after_pence,
            EXISTS (SELECT 1 FROM receipts r WHERE r.line_id = l.id) AS has_receipt
     FROM claim_lines l";

/// A claim's lines in date order.
pub async fn lines(conn: &mut Conn, claim: ClaimId) -> Result<Vec<LineRow>, AppError> {
    Ok(sqlx::query_as(&format!("{LINES} WHERE l.claim_id = $1 ORDER BY l.line_date, l.id"))
        .bind(claim)
        .fetch_all(&mut *conn)
        .await?)
}

/// A claim's lines in date order, read outside a write.
pub async fn lines_read(db: &Pool, claim: ClaimId) -> Result<Vec<LineRow>, AppError> {
    Ok(sqlx::query_as(&format!("{LINES} WHERE l.claim_id = $1 ORDER BY l.line_date, l.id"))
        .bind(claim)
        .fetch_all(db)
        .await?)
}

/// How far `person` has been paid for in own-car journeys dated from `from` to `to` on their
/// claims other than `except` that have been sent (or approved, or paid).
pub async fn journeys_sent_between(
    conn: &mut Conn,
    person: PersonId,
    from: NaiveDate,
    to: NaiveDate,
    except: ClaimId,
) -> Result<Tenths, AppError> {
    let tenths: Option<i64> = sqlx::query_scalar(
        "SELECT CAST(sum(l.tenths) AS bigint) FROM claim_lines l JOIN claims c ON c.id = l.claim_id
         WHERE c.person_id = $1 AND c.id <> $2 AND c.state <> 'draft' AND l.kind = 'journey'
           AND l.line_date BETWEEN $3 AND $4",
    )
    .bind(person)
    .bind(except)
    .bind(from)
    .bind(to)
    .fetch_one(&mut *conn)
    .await?;
    Ok(Tenths(tenths.unwrap_or(0)))
}

/// Fixes a journey's amount and how it was priced (both bands, when it crossed the tax year's
/// threshold), as the claim is sent.
pub async fn set_priced(conn: &mut Conn, line: LineId, price: &Priced) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE claim_lines SET amount_pence = $1, rate_pence = $2, priced_as = $3,
                lower_tenths = $4, rate_after_pence = $5
         WHERE id = $6",
    )
    .bind(price.amount)
    .bind(price.pence_per_mile)
    .bind(price.words())
    .bind(price.at_lower_rate)
    .bind(price.pence_after)
    .bind(line)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Moves a claim to `state` (with the day it was paid, for paid).
pub async fn set_state(
    conn: &mut Conn,
    claim: ClaimId,
    state: ClaimState,
    paid_on: Option<NaiveDate>,
) -> Result<(), AppError> {
    sqlx::query("UPDATE claims SET state = $1, paid_on = $2 WHERE id = $3")
        .bind(state)
        .bind(paid_on)
        .bind(claim)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Records who moved the claim, and when.
pub async fn insert_event(
    conn: &mut Conn,
    claim: ClaimId,
    step: ClaimStep,
    by: PersonId,
    on_date: NaiveDate,
    reason: Option<&str>,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO claim_events (claim_id, step, by_id, on_date, reason) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(claim)
    .bind(step)
    .bind(by)
    .bind(on_date)
    .bind(reason)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A claim's history, oldest first.
pub async fn events(conn: &mut Conn, claim: ClaimId) -> Result<Vec<EventRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT e.step, {NAME} AS by_name, e.on_date, e.reason
         FROM claim_events e JOIN people p ON p.id = e.by_id
         WHERE e.claim_id = $1 ORDER BY e.id"
    ))
    .bind(claim)
    .fetch_all(&mut *conn)
    .await?)
}

/// The claims in `states` (in that order), the longest waiting first: by when each was last
/// sent.
pub async fn claims_in(db: &Pool, states: &[ClaimState]) -> Result<Vec<ClaimRow>, AppError> {
    let mut found = Vec::new();
    for state in states {
        let rows: Vec<ClaimRow> = sqlx::query_as(
            "SELECT c.id, c.person_id, c.month, c.state, c.paid_on FROM claims c
             WHERE c.state = $1
             ORDER BY (SELECT max(e.id) FROM claim_events e
                       WHERE e.claim_id = c.id AND e.step = 'submit'), c.id",
        )
        .bind(*state)
        .fetch_all(db)
        .await?;
        found.extend(rows);
    }
    Ok(found)
}

/// Everyone's name, for a claim page's heading.
pub async fn person_name(conn: &mut Conn, person: PersonId) -> Result<Option<String>, AppError> {
    Ok(sqlx::query_scalar(&format!("SELECT {NAME} FROM people p WHERE p.id = $1"))
        .bind(person)
        .fetch_optional(&mut *conn)
        .await?)
}

/// The mileage rates table, oldest first.
pub async fn rates(conn: &mut Conn) -> Result<Vec<MileageRate>, AppError> {
    Ok(sqlx::query_as(
        "SELECT starts_on, pence_per_mile, threshold_miles, pence_after FROM mileage_rates
         ORDER BY starts_on",
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// Adds a rate, or replaces the one taking effect the same day.
pub async fn write_rate(conn: &mut Conn, rate: &MileageRate) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO mileage_rates (starts_on, pence_per_mile, threshold_miles, pence_after)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (starts_on) DO UPDATE SET pence_per_mile = excluded.pence_per_mile,
             threshold_miles = excluded.threshold_miles, pence_after = excluded.pence_after",
    )
    .bind(rate.starts_on)
    .bind(rate.pence_per_mile)
    .bind(rate.threshold_miles)
    .bind(rate.pence_after)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
