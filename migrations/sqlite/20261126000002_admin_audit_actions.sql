-- The audit log also records keep-apart pairs being added and removed (by ids; the reason stays
-- in `keep_apart`). SQLite cannot change a CHECK in place, so the table is rebuilt with every row
-- kept as it was: the append-only triggers are dropped only for the copy and recreated at once.

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
        'totp_enabled', 'recovery_code_used', 'keep_apart_added', 'keep_apart_removed'
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
