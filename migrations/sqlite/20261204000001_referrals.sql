-- Referrals (issue 17): who referred whom, when, with what consent, and every step from received
-- to closed with who took it; the secret links partner agencies refer through. A referral's own
-- details are criminal-offence data when Probation or the Police sent it (UK GDPR Art. 10).

-- A partner agency's own referral link. Only the SHA-256 of its secret is kept (as for invites);
-- revoking it stops it at once, and it stops by itself on `expires_on`.
CREATE TABLE partner_links (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    organisation TEXT NOT NULL CHECK (length(trim(organisation)) BETWEEN 1 AND 120),
    source TEXT NOT NULL CHECK (source IN ('probation', 'police', 'third_sector', 'other')),
    created_by INTEGER NOT NULL REFERENCES people (id),
    created_on TEXT NOT NULL CHECK (created_on = date(created_on)),
    expires_on TEXT NOT NULL CHECK (expires_on = date(expires_on)),
    revoked_on TEXT CHECK (revoked_on IS NULL OR revoked_on = date(revoked_on)),
    revoked_by INTEGER REFERENCES people (id),
    CHECK (expires_on > created_on),
    CHECK ((revoked_on IS NULL) = (revoked_by IS NULL))
) STRICT;

CREATE TABLE referrals (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL CHECK (source IN ('probation', 'police', 'third_sector', 'self', 'other')),
    -- The link it came through; NULL when staff typed it in or the person referred themselves.
    partner_link_id INTEGER REFERENCES partner_links (id),
    referrer_organisation TEXT CHECK (referrer_organisation IS NULL
        OR length(trim(referrer_organisation)) BETWEEN 1 AND 120),
    referrer_name TEXT CHECK (referrer_name IS NULL OR length(trim(referrer_name)) BETWEEN 1 AND 120),
    referrer_contact TEXT CHECK (referrer_contact IS NULL
        OR length(trim(referrer_contact)) BETWEEN 1 AND 200),
    received_on TEXT NOT NULL CHECK (received_on = date(received_on)),
    given_name TEXT NOT NULL CHECK (length(trim(given_name)) BETWEEN 1 AND 60),
    family_name TEXT NOT NULL CHECK (length(trim(family_name)) BETWEEN 1 AND 60),
    born_on TEXT CHECK (born_on IS NULL OR born_on = date(born_on)),
    phone TEXT CHECK (phone IS NULL OR length(trim(phone)) BETWEEN 1 AND 40),
    email TEXT CHECK (email IS NULL OR length(trim(email)) BETWEEN 3 AND 254),
    town TEXT CHECK (town IS NULL OR length(trim(town)) BETWEEN 1 AND 100),
    in_area INTEGER NOT NULL CHECK (in_area IN (0, 1)),
    reason TEXT CHECK (reason IS NULL OR length(trim(reason)) BETWEEN 1 AND 2000),
    -- How the person agreed to be referred, when, and what may be told back to the referrer.
    consent_how TEXT NOT NULL CHECK (consent_how IN ('written', 'verbal', 'online_form')),
    consent_on TEXT NOT NULL CHECK (consent_on = date(consent_on)),
    share_back TEXT NOT NULL CHECK (share_back IN ('nothing', 'attendance', 'progress')),
    status TEXT NOT NULL DEFAULT 'received'
        CHECK (status IN ('received', 'contacted', 'assessed', 'active', 'closed')),
    close_reason TEXT CHECK (close_reason IS NULL OR close_reason IN
        ('completed', 'disengaged', 'withdrawn', 'ineligible', 'declined', 'transferred')),
    -- The participant it became, once accepted.
    participant_id INTEGER UNIQUE REFERENCES people (id),
    -- The form's own key: a form sent twice (a retry after a lost answer) makes one referral.
    form_key TEXT UNIQUE CHECK (form_key IS NULL OR length(form_key) BETWEEN 8 AND 64),
    CHECK ((status = 'closed') = (close_reason IS NOT NULL)),
    CHECK (source <> 'self' OR (partner_link_id IS NULL AND referrer_organisation IS NULL)),
    CHECK (consent_on <= received_on)
) STRICT;

CREATE INDEX referrals_by_status ON referrals (status, received_on);
CREATE INDEX referrals_by_link ON referrals (partner_link_id, received_on);

-- Every step: the status it left the referral in, with who (NULL: the referral form itself),
-- when (UTC) and on which programme day. Closing carries its coded reason; reopening a note.
CREATE TABLE referral_events (
    id INTEGER PRIMARY KEY,
    referral_id INTEGER NOT NULL REFERENCES referrals (id) ON DELETE CASCADE,
    status TEXT NOT NULL
        CHECK (status IN ('received', 'contacted', 'assessed', 'active', 'closed')),
    close_reason TEXT CHECK (close_reason IS NULL OR close_reason IN
        ('completed', 'disengaged', 'withdrawn', 'ineligible', 'declined', 'transferred')),
    note TEXT CHECK (note IS NULL OR length(trim(note)) BETWEEN 1 AND 500),
    by_id INTEGER REFERENCES people (id),
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    on_date TEXT NOT NULL CHECK (on_date = date(on_date)),
    CHECK ((status = 'closed') = (close_reason IS NOT NULL))
) STRICT;

CREATE INDEX referral_events_by_referral ON referral_events (referral_id, id);

CREATE TRIGGER referral_events_no_update BEFORE UPDATE ON referral_events
BEGIN
    SELECT RAISE(ABORT, 'a referral''s history is append-only');
END;

-- The audit log's actions become rows of their own, so a new kind of entry is one INSERT rather
-- than a rebuild of the log (SQLite cannot change a CHECK in place). Rebuilt once more, here,
-- with every row kept as it was.
CREATE TABLE audit_actions (
    name TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 40 AND name NOT GLOB '*[^a-z_]*')
) STRICT;

INSERT INTO audit_actions (name) VALUES
    ('sign_in'), ('sign_in_failed'), ('sign_in_throttled'), ('sign_out'), ('access_refused'),
    ('referral_read'), ('person_created'), ('person_changed'), ('person_deactivated'),
    ('person_reactivated'), ('roles_changed'), ('invite_issued'), ('invite_used'),
    ('password_changed'), ('totp_enabled'), ('recovery_code_used'), ('keep_apart_added'),
    ('keep_apart_removed'), ('roster_read'), ('added_to_activity_group'),
    ('removed_from_activity_group'), ('odometer_corrected'), ('receipt_read'),
    ('claims_exported'), ('referral_received'), ('referral_changed'), ('partner_link_issued'),
    ('partner_link_revoked');

DROP TRIGGER audit_events_no_update;
DROP TRIGGER audit_events_no_delete;

CREATE TABLE audit_events_new (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    -- NULL for someone not signed in (a failed sign-in, a partner's referral form).
    actor_id INTEGER REFERENCES people (id),
    action TEXT NOT NULL REFERENCES audit_actions (name),
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
