-- Accounts, sign-in and the audit trail.
--
-- Times here are UTC instants ('YYYY-MM-DDTHH:MM:SSZ'), unlike programme times: they record when
-- something happened, for security reviews, not when something is planned.

-- Who can sign in, and how. A person without a row here cannot sign in at all.
CREATE TABLE accounts (
    person_id INTEGER PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    -- What they type to sign in: staff use their email, participants a short name we give them.
    username TEXT NOT NULL UNIQUE COLLATE NOCASE
        CHECK (length(username) BETWEEN 3 AND 254 AND username = trim(username)),
    -- Argon2id in PHC format; NULL until the person has chosen a password from their invite.
    password_hash TEXT CHECK (password_hash IS NULL OR password_hash LIKE '$argon2id$%'),
    -- Bumped to end every open session of this person (password change, deactivation).
    session_epoch INTEGER NOT NULL DEFAULT 0 CHECK (session_epoch >= 0),
    -- Authenticator app (TOTP): base32 secret; enabled once the first code was confirmed.
    totp_secret TEXT CHECK (totp_secret IS NULL OR length(totp_secret) BETWEEN 16 AND 128),
    totp_enabled_at TEXT,
    CHECK (totp_enabled_at IS NULL OR totp_secret IS NOT NULL)
) STRICT;

-- One-time codes for when the authenticator app is lost. Only hashes are kept.
CREATE TABLE recovery_codes (
    person_id INTEGER NOT NULL REFERENCES accounts (person_id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL CHECK (length(code_hash) = 64),
    used_at TEXT,
    PRIMARY KEY (person_id, code_hash)
) STRICT, WITHOUT ROWID;

-- Invite and password-reset links. The link's secret is never stored, only its SHA-256.
CREATE TABLE invites (
    token_hash TEXT PRIMARY KEY CHECK (length(token_hash) = 64),
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('invite', 'reset')),
    created_by INTEGER REFERENCES people (id),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    expires_at TEXT NOT NULL,
    used_at TEXT,
    CHECK (expires_at > created_at)
) STRICT;

CREATE INDEX invites_by_person ON invites (person_id);

-- Failed sign-ins, by account name and by address, for the back-off. Old rows are pruned.
CREATE TABLE sign_in_failures (
    key TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 300),
    at TEXT NOT NULL
) STRICT;

CREATE INDEX sign_in_failures_by_key ON sign_in_failures (key, at);

-- What the coordinator writes about a participant: only the coordinator's views read it.
ALTER TABLE participants ADD COLUMN notes TEXT CHECK (notes IS NULL OR length(notes) <= 5000);

-- Who did what, when: sign-ins, refusals, and every read or change of referral data.
-- Append-only: the database itself refuses to change or delete a row.
CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    -- NULL for someone not signed in (a failed sign-in, say).
    actor_id INTEGER REFERENCES people (id),
    action TEXT NOT NULL CHECK (action IN (
        'sign_in', 'sign_in_failed', 'sign_in_throttled', 'sign_out', 'access_refused',
        'referral_read', 'person_created', 'person_changed', 'person_deactivated',
        'person_reactivated', 'roles_changed', 'invite_issued', 'invite_used', 'password_changed',
        'totp_enabled', 'recovery_code_used'
    )),
    -- The person the event is about, when there is one.
    subject_id INTEGER REFERENCES people (id),
    -- A short description: what was asked for, which fields; never a password or a secret.
    detail TEXT NOT NULL DEFAULT '' CHECK (length(detail) <= 500),
    ip TEXT CHECK (ip IS NULL OR length(ip) <= 64)
) STRICT;

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
