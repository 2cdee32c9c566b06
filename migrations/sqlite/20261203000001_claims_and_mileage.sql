-- The month end: expense claims (own-car journeys and expenses with receipt photos), the mileage
-- rates they are paid at, their approval, and the coordinator's notes on odometer readings that do
-- not follow on. Money is whole pence, distance whole tenths of a mile.

-- HMRC's approved mileage allowance payments, kept as data: from `starts_on`, `pence_per_mile`
-- for a person's first `threshold_miles` miles of a tax year (6 April to 5 April), then
-- `pence_after`. Seeded with the car rates GOV.UK publishes (see the README for the source):
-- 45p then 25p after 10,000 miles, and 55p then 25p from the 2026–27 tax year.
CREATE TABLE mileage_rates (
    id INTEGER PRIMARY KEY,
    starts_on TEXT NOT NULL UNIQUE CHECK (starts_on = date(starts_on)),
    pence_per_mile INTEGER NOT NULL CHECK (pence_per_mile BETWEEN 1 AND 200),
    threshold_miles INTEGER NOT NULL CHECK (threshold_miles BETWEEN 0 AND 1000000),
    pence_after INTEGER NOT NULL CHECK (pence_after BETWEEN 0 AND 200),
    CHECK (pence_after <= pence_per_mile)
) STRICT;

INSERT INTO mileage_rates (starts_on, pence_per_mile, threshold_miles, pence_after)
VALUES ('2011-04-06', 45, 10000, 25), ('2026-04-06', 55, 10000, 25);

-- One claim per person per month (`month` is its first day).
CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id),
    month TEXT NOT NULL CHECK (month = date(month, 'start of month')),
    state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'approved', 'paid')),
    paid_on TEXT CHECK (paid_on IS NULL OR paid_on = date(paid_on)),
    CHECK ((state = 'paid') = (paid_on IS NOT NULL)),
    UNIQUE (person_id, month)
) STRICT;

CREATE INDEX claims_by_state ON claims (state, month);

-- A journey (own car, for work: from, to, purpose, miles) or an expense (category, amount, and a
-- receipt in `receipts`). A journey's amount and rate are fixed when the claim is sent, by the
-- rate in force on its date and the miles already claimed in its tax year; NULL while a draft.
CREATE TABLE claim_lines (
    id INTEGER PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('journey', 'expense')),
    line_date TEXT NOT NULL CHECK (line_date = date(line_date)),
    from_place TEXT CHECK (from_place IS NULL OR length(trim(from_place)) BETWEEN 1 AND 100),
    to_place TEXT CHECK (to_place IS NULL OR length(trim(to_place)) BETWEEN 1 AND 100),
    purpose TEXT CHECK (purpose IS NULL OR length(trim(purpose)) BETWEEN 1 AND 200),
    tenths INTEGER CHECK (tenths IS NULL OR tenths BETWEEN 1 AND 10000),
    category TEXT CHECK (category IS NULL
        OR category IN ('fuel', 'parking', 'tolls', 'participant_lunch', 'other')),
    description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 200),
    amount_pence INTEGER CHECK (amount_pence IS NULL OR amount_pence BETWEEN 0 AND 1000000),
    rate_pence INTEGER CHECK (rate_pence IS NULL OR rate_pence BETWEEN 0 AND 200),
    -- How a journey was priced: "5 miles at 55p and 7 miles at 25p".
    priced_as TEXT CHECK (priced_as IS NULL OR length(priced_as) <= 100),
    -- The form's own key: the same form sent twice (a retry after a lost answer) adds one line.
    form_key TEXT CHECK (form_key IS NULL OR length(form_key) BETWEEN 8 AND 64),
    UNIQUE (claim_id, form_key),
    CHECK (
        (kind = 'journey' AND from_place IS NOT NULL AND to_place IS NOT NULL
            AND purpose IS NOT NULL AND tenths IS NOT NULL AND category IS NULL)
        OR (kind = 'expense' AND category IS NOT NULL AND amount_pence IS NOT NULL
            AND from_place IS NULL AND to_place IS NULL AND purpose IS NULL AND tenths IS NULL
            AND rate_pence IS NULL)
    )
) STRICT;

CREATE INDEX claim_lines_by_claim ON claim_lines (claim_id, line_date);

-- An expense's receipt photo, kept in the database (so every app server sees it, and a backup
-- holds it): its type as its bytes showed it, never a name or path from the person.
CREATE TABLE receipts (
    line_id INTEGER PRIMARY KEY REFERENCES claim_lines (id) ON DELETE CASCADE,
    content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    bytes BLOB NOT NULL CHECK (length(bytes) BETWEEN 1 AND 8388608),
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    uploaded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

-- Every change of a claim's state: who, when (UTC) and on which programme day; a return's reason.
CREATE TABLE claim_events (
    id INTEGER PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    step TEXT NOT NULL CHECK (step IN ('submit', 'return', 'approve', 'mark_paid')),
    by_id INTEGER NOT NULL REFERENCES people (id),
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    on_date TEXT NOT NULL CHECK (on_date = date(on_date)),
    reason TEXT CHECK (reason IS NULL OR length(trim(reason)) BETWEEN 1 AND 500),
    CHECK ((step = 'return') = (reason IS NOT NULL))
) STRICT;

CREATE INDEX claim_events_by_claim ON claim_events (claim_id, id);

-- A line is dated in its claim's month. Created before the draft triggers so that those (newer)
-- fire first, as PostgreSQL's are named to.
CREATE TRIGGER claim_lines_in_month_on_insert BEFORE INSERT ON claim_lines
WHEN date(NEW.line_date, 'start of month') <> (SELECT month FROM claims WHERE id = NEW.claim_id)
BEGIN
    SELECT RAISE(ABORT, 'a line is dated in its claim''s month');
END;

CREATE TRIGGER claim_lines_in_month_on_update BEFORE UPDATE OF line_date, claim_id ON claim_lines
WHEN date(NEW.line_date, 'start of month') <> (SELECT month FROM claims WHERE id = NEW.claim_id)
BEGIN
    SELECT RAISE(ABORT, 'a line is dated in its claim''s month');
END;

-- A claim's lines and receipts change only while it is a draft.
CREATE TRIGGER claim_lines_only_in_draft_on_insert BEFORE INSERT ON claim_lines
WHEN (SELECT state FROM claims WHERE id = NEW.claim_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'a claim can only change while it is a draft');
END;

-- Pricing a journey when the claim is sent writes its amount while the claim is still a draft;
-- nothing else about a line changes after that.
CREATE TRIGGER claim_lines_only_in_draft_on_update BEFORE UPDATE ON claim_lines
WHEN (SELECT state FROM claims WHERE id = OLD.claim_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'a claim can only change while it is a draft');
END;

CREATE TRIGGER claim_lines_only_in_draft_on_delete BEFORE DELETE ON claim_lines
WHEN (SELECT state FROM claims WHERE id = OLD.claim_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'a claim can only change while it is a draft');
END;

CREATE TRIGGER receipts_only_in_draft BEFORE INSERT ON receipts
WHEN (SELECT c.state FROM claim_lines l JOIN claims c ON c.id = l.claim_id WHERE l.id = NEW.line_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'a claim can only change while it is a draft');
END;

-- Nobody decides on or pays their own claim; only the claimant sends it.
CREATE TRIGGER claim_events_not_own_claim BEFORE INSERT ON claim_events
WHEN (NEW.step = 'submit') <> (NEW.by_id = (SELECT person_id FROM claims WHERE id = NEW.claim_id))
BEGIN
    SELECT RAISE(ABORT, 'nobody approves their own claim');
END;

CREATE TRIGGER claim_events_no_update BEFORE UPDATE ON claim_events
BEGIN
    SELECT RAISE(ABORT, 'the claim history is append-only');
END;

-- The coordinator's word on a run whose readings were flagged: why they are right, or what was
-- corrected (the correction itself is in the audit log, with the readings before and after).
CREATE TABLE odometer_checks (
    run_id INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
    note TEXT NOT NULL CHECK (length(trim(note)) BETWEEN 1 AND 500),
    checked_by INTEGER NOT NULL REFERENCES people (id),
    checked_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

-- The audit log also records odometer corrections and every read of a receipt photo. SQLite
-- cannot change a CHECK in place, so the table is rebuilt with every row kept as it was.
DROP TRIGGER audit_events_no_update;
DROP TRIGGER audit_events_no_delete;

CREATE TABLE audit_events_new (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    -- NULL for someone not signed in (a failed sign-in, say).
    actor_id INTEGER REFERENCES people (id),
    action TEXT NOT NULL CHECK (action IN (
        'sign_in', 'sign_in_failed', 'sign_in_throttled', 'sign_out', 'access_refused',
        'referral_read', 'person_created', 'person_changed', 'person_deactivated',
        'person_reactivated', 'roles_changed', 'invite_issued', 'invite_used', 'password_changed',
        'totp_enabled', 'recovery_code_used', 'keep_apart_added', 'keep_apart_removed',
        'roster_read', 'added_to_activity_group', 'removed_from_activity_group',
        'odometer_corrected', 'receipt_read', 'claims_exported'
    )),
    -- The person the event is about, when there is one.
    subject_id INTEGER REFERENCES people (id),
    -- A short description: what was asked for, which fields; never a password or a secret.
    detail TEXT NOT NULL DEFAULT '' CHECK (length(detail) <= 500),
    ip TEXT CHECK (ip IS NULL OR length(ip) <= 64)
) STRICT;

INSERT INTO audit_events_new (id, at, actor_id, action, subject_id, detail, ip)
SELECT id, at, actor_id, action, subject_id, detail, ip FROM audit_events;

DROP TABLE audit_events;
ALTER TABLE audit_events_new RENAME TO audit_events;

CREATE INDEX audit_events_by_subject ON audit_events (subject_id, at);
CREATE INDEX audit_events_by_actor ON audit_events (actor_id, at);

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
