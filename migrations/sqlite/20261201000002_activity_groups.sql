-- Activity groups: the people the coordinator has put on an activity's list ("Tennis group"),
-- as charity case systems keep them. A tutor or mentor may add to the sessions they lead only
-- the members of that activity's group and their own mentees, so leading a session is not a
-- way to reach every participant's phone number and needs. Coordinators and team leaders keep
-- the lists (every change is in the audit log) and may enrol anyone.

CREATE TABLE activity_group_members (
    activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    -- A participant row exists only for someone holding the participant role; the trigger
    -- below says so again in this table's own words.
    participant_id INTEGER NOT NULL REFERENCES participants (person_id) ON DELETE CASCADE,
    added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    added_by INTEGER NOT NULL REFERENCES people (id),
    UNIQUE (activity_id, participant_id)
) STRICT;

-- "Which groups is this person in?" (the enrolment check and the person's record).
CREATE INDEX activity_group_members_by_participant
    ON activity_group_members (participant_id, activity_id);

CREATE TRIGGER activity_group_members_are_participants BEFORE INSERT ON activity_group_members
WHEN NOT EXISTS (
    SELECT 1 FROM person_roles WHERE person_id = NEW.participant_id AND role = 'participant'
)
BEGIN
    SELECT RAISE(ABORT, 'an activity group member needs the participant role');
END;

-- A membership is added or removed, never rewritten: the audit log tells the story of each.
CREATE TRIGGER activity_group_members_no_update BEFORE UPDATE ON activity_group_members
BEGIN
    SELECT RAISE(ABORT, 'activity group memberships are added and removed, not changed');
END;

-- The audit log also records reading a session's list of people with their contact details (one
-- row per view, about nobody in particular), and people being added to and removed from an
-- activity's group (one row about the person, naming the activity by id). SQLite cannot change a
-- CHECK in place, so the table is rebuilt with every row kept as it was, exactly as
-- 20261126000002 did: the append-only triggers are dropped only for the copy and recreated at
-- once. (Whoever next rebuilds this table: start from this list.)

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
        'roster_read', 'added_to_activity_group', 'removed_from_activity_group'
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
