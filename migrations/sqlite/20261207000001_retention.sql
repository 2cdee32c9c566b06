-- Records kept no longer than needed (issue 17): how long each kind of record is kept, counted
-- from the case's closure (a claim's receipts from its payment, an audit entry from when it was
-- written); legal holds that stop the clock for one person; and what the daily job leaves behind
-- when it anonymises a case (the year of birth, dates, source, coded outcomes and scores).

CREATE TABLE retention_periods (
    kind TEXT PRIMARY KEY
        CHECK (kind IN ('case_records', 'one_to_one_notes', 'receipts', 'audit_entries')),
    months INTEGER NOT NULL CHECK (months BETWEEN 1 AND 1200),
    changed_by INTEGER REFERENCES people (id)
) STRICT;

-- The starting schedule; the coordinator sets their own (see the README).
INSERT INTO retention_periods (kind, months) VALUES
    ('case_records', 72), ('one_to_one_notes', 24), ('receipts', 72), ('audit_entries', 72);

-- The day a participant's time on the programme ended (set when their status becomes completed
-- or withdrawn, cleared if they come back), and the day their record was anonymised.
ALTER TABLE participants ADD COLUMN closed_on TEXT
    CHECK (closed_on IS NULL OR closed_on = date(closed_on));
ALTER TABLE participants ADD COLUMN anonymised_on TEXT
    CHECK (anonymised_on IS NULL OR anonymised_on = date(anonymised_on));

-- Cases already closed before the schedule existed have no closing day on record: they count
-- from today, so nothing is removed sooner than it would have been.
UPDATE participants SET closed_on = date('now') WHERE status IN ('completed', 'withdrawn');

-- An anonymised record stays as it was left: nobody can write a name or a note back into it
-- (which the schedule would then never remove).
CREATE TRIGGER participants_anonymised_stay BEFORE UPDATE ON participants
WHEN OLD.anonymised_on IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'an anonymised record cannot be changed');
END;

CREATE TRIGGER people_anonymised_stay BEFORE UPDATE ON people
WHEN EXISTS (SELECT 1 FROM participants WHERE person_id = OLD.id AND anonymised_on IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'an anonymised record cannot be changed');
END;

-- A referral anonymised keeps the year its person was born in, not the day.
ALTER TABLE referrals ADD COLUMN born_year INTEGER
    CHECK (born_year IS NULL OR born_year BETWEEN 1900 AND 2100);
ALTER TABLE referrals ADD COLUMN anonymised_on TEXT
    CHECK (anonymised_on IS NULL OR anonymised_on = date(anonymised_on));

ALTER TABLE one_to_ones ADD COLUMN note_removed_on TEXT
    CHECK (note_removed_on IS NULL OR note_removed_on = date(note_removed_on));

-- A legal hold keeps everything about one participant past its time (a court case, a claim).
CREATE TABLE legal_holds (
    participant_id INTEGER PRIMARY KEY REFERENCES participants (person_id) ON DELETE CASCADE,
    reason TEXT NOT NULL CHECK (length(trim(reason)) BETWEEN 1 AND 300),
    placed_by INTEGER NOT NULL REFERENCES people (id),
    placed_on TEXT NOT NULL CHECK (placed_on = date(placed_on))
) STRICT;

-- A referral's history stays append-only, except that its notes can be taken out (free text,
-- removed with the rest of the case).
DROP TRIGGER referral_events_no_update;
CREATE TRIGGER referral_events_no_update BEFORE UPDATE ON referral_events
WHEN NOT (NEW.note IS NULL AND NEW.id = OLD.id AND NEW.referral_id = OLD.referral_id
    AND NEW.status = OLD.status AND NEW.close_reason IS OLD.close_reason
    AND NEW.by_id IS OLD.by_id AND NEW.at = OLD.at AND NEW.on_date = OLD.on_date)
BEGIN
    SELECT RAISE(ABORT, 'a referral''s history is append-only');
END;

-- The audit log stays append-only for everything newer than its horizon: the retention job moves
-- the horizon forward (never back) and only then may entries older than it be deleted.
CREATE TABLE audit_horizon (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    purge_before TEXT NOT NULL CHECK (purge_before = date(purge_before))
) STRICT;
INSERT INTO audit_horizon (id, purge_before) VALUES (1, '1900-01-01');

CREATE TRIGGER audit_horizon_forward BEFORE UPDATE ON audit_horizon
WHEN NEW.purge_before < OLD.purge_before
BEGIN
    SELECT RAISE(ABORT, 'the audit horizon only moves forward');
END;

DROP TRIGGER audit_events_no_delete;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
WHEN OLD.at >= (SELECT purge_before FROM audit_horizon)
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

INSERT INTO audit_actions (name) VALUES
    ('retention_changed'), ('legal_hold_placed'), ('legal_hold_lifted'), ('record_anonymised'),
    ('retention_run');
