-- Records kept no longer than needed (issue 17): how long each kind of record is kept, counted
-- from the case's closure (a claim's receipts from its payment, an audit entry from when it was
-- written); legal holds that stop the clock for one person; and what the daily job leaves behind
-- when it anonymises a case (the year of birth, dates, source, coded outcomes and scores).

CREATE TABLE retention_periods (
    kind text PRIMARY KEY
        CHECK (kind IN ('case_records', 'one_to_one_notes', 'receipts', 'audit_entries')),
    months integer NOT NULL CHECK (months BETWEEN 1 AND 1200),
    changed_by bigint REFERENCES people (id)
);

INSERT INTO retention_periods (kind, months) VALUES
    ('case_records', 72), ('one_to_one_notes', 24), ('receipts', 72), ('audit_entries', 72);

ALTER TABLE participants ADD COLUMN closed_on date;
ALTER TABLE participants ADD COLUMN anonymised_on date;

-- Cases already closed before the schedule existed have no closing day on record: they count
-- from today, so nothing is removed sooner than it would have been.
UPDATE participants SET closed_on = current_date WHERE status IN ('completed', 'withdrawn');

-- An anonymised record stays as it was left: nobody can write a name or a note back into it.
CREATE FUNCTION participants_anonymised_stay() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.anonymised_on IS NOT NULL THEN
        RAISE EXCEPTION 'an anonymised record cannot be changed';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER participants_anonymised_stay BEFORE UPDATE ON participants
FOR EACH ROW EXECUTE FUNCTION participants_anonymised_stay();

CREATE FUNCTION people_anonymised_stay() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM participants WHERE person_id = OLD.id AND anonymised_on IS NOT NULL)
    THEN
        RAISE EXCEPTION 'an anonymised record cannot be changed';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER people_anonymised_stay BEFORE UPDATE ON people
FOR EACH ROW EXECUTE FUNCTION people_anonymised_stay();

ALTER TABLE referrals ADD COLUMN born_year integer
    CHECK (born_year IS NULL OR born_year BETWEEN 1900 AND 2100);
ALTER TABLE referrals ADD COLUMN anonymised_on date;

ALTER TABLE one_to_ones ADD COLUMN note_removed_on date;

CREATE TABLE legal_holds (
    participant_id bigint PRIMARY KEY REFERENCES participants (person_id) ON DELETE CASCADE,
    reason text NOT NULL CHECK (length(trim(reason)) BETWEEN 1 AND 300),
    placed_by bigint NOT NULL REFERENCES people (id),
    placed_on date NOT NULL
);

-- A referral's history stays append-only, except that its notes can be taken out.
CREATE OR REPLACE FUNCTION referral_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.note IS NULL
        AND (NEW.id, NEW.referral_id, NEW.status, NEW.close_reason, NEW.by_id, NEW.at, NEW.on_date)
            IS NOT DISTINCT FROM
            (OLD.id, OLD.referral_id, OLD.status, OLD.close_reason, OLD.by_id, OLD.at, OLD.on_date)
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'a referral''s history is append-only';
END
$$;

-- The audit log stays append-only for everything newer than its horizon: the retention job moves
-- the horizon forward (never back) and only then may entries older than it be deleted.
CREATE TABLE audit_horizon (
    id integer PRIMARY KEY CHECK (id = 1),
    purge_before date NOT NULL
);
INSERT INTO audit_horizon (id, purge_before) VALUES (1, DATE '1900-01-01');

CREATE FUNCTION audit_horizon_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.purge_before < OLD.purge_before THEN
        RAISE EXCEPTION 'the audit horizon only moves forward';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER audit_horizon_forward BEFORE UPDATE ON audit_horizon
FOR EACH ROW EXECUTE FUNCTION audit_horizon_forward();

CREATE FUNCTION audit_events_delete_expired_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.at < (SELECT purge_before FROM audit_horizon) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only';
END
$$;

DROP TRIGGER audit_events_no_delete ON audit_events;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
FOR EACH ROW EXECUTE FUNCTION audit_events_delete_expired_only();

INSERT INTO audit_actions (name) VALUES
    ('retention_changed'), ('legal_hold_placed'), ('legal_hold_lifted'), ('record_anonymised'),
    ('retention_run');
