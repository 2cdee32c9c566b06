-- The scheduler's rules, held by the database so that two tutors pressing "book" at the same
-- moment cannot both win: a space holds one planned session at a time (plus a changeover
-- buffer; a whole hall clashes with its halves), a person leads one session at a time, and a
-- session fits its venue's opening hours. The Rust rules in src/scheduling/clash.rs say the same
-- thing in words; these triggers are the last word.

-- A space can be part of a larger one: the two halves of a hall. One level only.
ALTER TABLE venue_spaces ADD COLUMN part_of_space_id INTEGER REFERENCES venue_spaces (id);

CREATE TRIGGER venue_spaces_part_of_is_whole BEFORE INSERT ON venue_spaces
WHEN NEW.part_of_space_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM venue_spaces w
    WHERE w.id = NEW.part_of_space_id AND w.venue_id = NEW.venue_id AND w.part_of_space_id IS NULL
)
BEGIN
    SELECT RAISE(ABORT, 'a space can only be part of a whole space at the same venue');
END;

CREATE TRIGGER venue_spaces_part_of_is_whole_on_update BEFORE UPDATE OF part_of_space_id ON venue_spaces
WHEN NEW.part_of_space_id IS NOT NULL AND (
    NEW.part_of_space_id = NEW.id
    OR EXISTS (SELECT 1 FROM venue_spaces p WHERE p.part_of_space_id = NEW.id)
    OR NOT EXISTS (
        SELECT 1 FROM venue_spaces w
        WHERE w.id = NEW.part_of_space_id AND w.venue_id = NEW.venue_id AND w.part_of_space_id IS NULL
    )
)
BEGIN
    SELECT RAISE(ABORT, 'a space can only be part of a whole space at the same venue');
END;

-- Opening hours per weekday (0 = Sunday … 6 = Saturday, as SQLite's strftime('%w')). A venue
-- with no rows is always open; a venue with some rows is closed on the days without one.
CREATE TABLE venue_opening_hours (
    venue_id INTEGER NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    opens TEXT NOT NULL CHECK (opens = strftime('%H:%M', '2000-01-01 ' || opens)),
    closes TEXT NOT NULL CHECK (closes = strftime('%H:%M', '2000-01-01 ' || closes)),
    PRIMARY KEY (venue_id, weekday),
    CHECK (closes > opens)
) STRICT, WITHOUT ROWID;

-- Minutes a space stays free between two sessions.
ALTER TABLE programme_settings ADD COLUMN changeover_buffer_minutes INTEGER NOT NULL DEFAULT 0
    CHECK (changeover_buffer_minutes BETWEEN 0 AND 120);

-- Repeating sessions: a course every Tuesday for 10 weeks. Each occurrence is a row in
-- `sessions` that remembers its series, so "this and following" can find the rest.
CREATE TABLE session_series (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;

ALTER TABLE sessions ADD COLUMN series_id INTEGER REFERENCES session_series (id);
-- The lead's short note from the register ("rain stopped play at 2").
ALTER TABLE sessions ADD COLUMN register_note TEXT
    CHECK (register_note IS NULL OR length(register_note) <= 1000);

CREATE INDEX sessions_by_series ON sessions (series_id, starts_at);

-- Space clashes, with the buffer, for inserts and for every change that could create one.
CREATE TRIGGER sessions_space_free_on_insert BEFORE INSERT ON sessions
WHEN NEW.status = 'scheduled' AND EXISTS (
    SELECT 1 FROM sessions s, programme_settings ps
    WHERE ps.id = 1 AND s.status = 'scheduled'
      AND (s.space_id = NEW.space_id
           OR s.space_id = (SELECT part_of_space_id FROM venue_spaces WHERE id = NEW.space_id)
           OR NEW.space_id = (SELECT part_of_space_id FROM venue_spaces WHERE id = s.space_id))
      AND s.starts_at < datetime(NEW.ends_at, '+' || ps.changeover_buffer_minutes || ' minutes')
      AND NEW.starts_at < datetime(s.ends_at, '+' || ps.changeover_buffer_minutes || ' minutes')
)
BEGIN
    SELECT RAISE(ABORT, 'space is taken at that time');
END;

CREATE TRIGGER sessions_space_free_on_update BEFORE UPDATE OF starts_at, ends_at, space_id, status ON sessions
WHEN NEW.status = 'scheduled' AND EXISTS (
    SELECT 1 FROM sessions s, programme_settings ps
    WHERE ps.id = 1 AND s.status = 'scheduled' AND s.id <> NEW.id
      AND (s.space_id = NEW.space_id
           OR s.space_id = (SELECT part_of_space_id FROM venue_spaces WHERE id = NEW.space_id)
           OR NEW.space_id = (SELECT part_of_space_id FROM venue_spaces WHERE id = s.space_id))
      AND s.starts_at < datetime(NEW.ends_at, '+' || ps.changeover_buffer_minutes || ' minutes')
      AND NEW.starts_at < datetime(s.ends_at, '+' || ps.changeover_buffer_minutes || ' minutes')
)
BEGIN
    SELECT RAISE(ABORT, 'space is taken at that time');
END;

-- Opening hours.
CREATE TRIGGER sessions_within_opening_hours_on_insert BEFORE INSERT ON sessions
WHEN NEW.status = 'scheduled'
    AND EXISTS (
        SELECT 1 FROM venue_opening_hours h JOIN venue_spaces sp ON sp.venue_id = h.venue_id
        WHERE sp.id = NEW.space_id)
    AND NOT EXISTS (
        SELECT 1 FROM venue_opening_hours h JOIN venue_spaces sp ON sp.venue_id = h.venue_id
        WHERE sp.id = NEW.space_id
          AND h.weekday = CAST(strftime('%w', NEW.starts_at) AS INTEGER)
          AND h.opens <= strftime('%H:%M', NEW.starts_at)
          AND h.closes >= strftime('%H:%M', NEW.ends_at))
BEGIN
    SELECT RAISE(ABORT, 'outside the venue opening hours');
END;

CREATE TRIGGER sessions_within_opening_hours_on_update BEFORE UPDATE OF starts_at, ends_at, space_id, status ON sessions
WHEN NEW.status = 'scheduled'
    AND EXISTS (
        SELECT 1 FROM venue_opening_hours h JOIN venue_spaces sp ON sp.venue_id = h.venue_id
        WHERE sp.id = NEW.space_id)
    AND NOT EXISTS (
        SELECT 1 FROM venue_opening_hours h JOIN venue_spaces sp ON sp.venue_id = h.venue_id
        WHERE sp.id = NEW.space_id
          AND h.weekday = CAST(strftime('%w', NEW.starts_at) AS INTEGER)
          AND h.opens <= strftime('%H:%M', NEW.starts_at)
          AND h.closes >= strftime('%H:%M', NEW.ends_at))
BEGIN
    SELECT RAISE(ABORT, 'outside the venue opening hours');
END;

-- A person leads one session at a time: when added as a lead, and when a session they lead moves.
CREATE TRIGGER session_leads_not_double_booked BEFORE INSERT ON session_leads
WHEN EXISTS (
    SELECT 1 FROM sessions this, session_leads l, sessions other
    WHERE this.id = NEW.session_id AND this.status = 'scheduled'
      AND l.person_id = NEW.person_id AND other.id = l.session_id AND other.id <> this.id
      AND other.status = 'scheduled'
      AND other.starts_at < this.ends_at AND this.starts_at < other.ends_at
)
BEGIN
    SELECT RAISE(ABORT, 'the lead is leading another session at that time');
END;

CREATE TRIGGER sessions_leads_free_on_update BEFORE UPDATE OF starts_at, ends_at, status ON sessions
WHEN NEW.status = 'scheduled' AND EXISTS (
    SELECT 1 FROM session_leads mine, session_leads l, sessions other
    WHERE mine.session_id = NEW.id AND l.person_id = mine.person_id
      AND other.id = l.session_id AND other.id <> NEW.id AND other.status = 'scheduled'
      AND other.starts_at < NEW.ends_at AND NEW.starts_at < other.ends_at
)
BEGIN
    SELECT RAISE(ABORT, 'the lead is leading another session at that time');
END;

-- People the coordinator keeps apart (the reason is for coordinators' eyes only).
CREATE TABLE keep_apart (
    person_a INTEGER NOT NULL REFERENCES participants (person_id) ON DELETE CASCADE,
    person_b INTEGER NOT NULL REFERENCES participants (person_id) ON DELETE CASCADE,
    reason TEXT NOT NULL CHECK (length(trim(reason)) BETWEEN 1 AND 500),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (person_a, person_b),
    -- One row per pair, stored in id order.
    CHECK (person_a < person_b)
) STRICT, WITHOUT ROWID;

CREATE INDEX keep_apart_by_b ON keep_apart (person_b);

-- Nobody is booked or waitlisted on a session with someone they are kept apart from.
CREATE TRIGGER bookings_keep_apart_on_insert BEFORE INSERT ON bookings
WHEN NEW.status <> 'cancelled' AND EXISTS (
    SELECT 1 FROM bookings b JOIN keep_apart k
        ON (k.person_a = b.participant_id AND k.person_b = NEW.participant_id)
        OR (k.person_b = b.participant_id AND k.person_a = NEW.participant_id)
    WHERE b.session_id = NEW.session_id AND b.status <> 'cancelled'
)
BEGIN
    SELECT RAISE(ABORT, 'kept apart');
END;

CREATE TRIGGER bookings_keep_apart_on_update BEFORE UPDATE OF status ON bookings
WHEN NEW.status <> 'cancelled' AND OLD.status = 'cancelled' AND EXISTS (
    SELECT 1 FROM bookings b JOIN keep_apart k
        ON (k.person_a = b.participant_id AND k.person_b = NEW.participant_id)
        OR (k.person_b = b.participant_id AND k.person_a = NEW.participant_id)
    WHERE b.session_id = NEW.session_id AND b.status <> 'cancelled' AND b.id <> NEW.id
)
BEGIN
    SELECT RAISE(ABORT, 'kept apart');
END;

-- What happened to each booking, in order: the waitlist's promotions are recorded here.
CREATE TABLE booking_events (
    id INTEGER PRIMARY KEY,
    booking_id INTEGER NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    event TEXT NOT NULL CHECK (event IN (
        'booked', 'waitlisted', 'cancelled', 'late_cancelled', 'promoted', 'rebooked'
    )),
    -- Who did it; NULL when the system did (a promotion from the waitlist).
    by_person_id INTEGER REFERENCES people (id)
) STRICT;

CREATE INDEX booking_events_by_booking ON booking_events (booking_id, id);

-- The register: what happened on the day, one row per booked participant.
CREATE TABLE attendance (
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participants (person_id),
    outcome TEXT NOT NULL
        CHECK (outcome IN ('attended', 'absent', 'late_cancellation', 'no_show')),
    -- Why they were absent, when known ("hospital appointment").
    absent_reason TEXT CHECK (absent_reason IS NULL OR length(trim(absent_reason)) BETWEEN 1 AND 300),
    recorded_by INTEGER NOT NULL REFERENCES people (id),
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (session_id, participant_id),
    CHECK (absent_reason IS NULL OR outcome = 'absent')
) STRICT, WITHOUT ROWID;

CREATE INDEX attendance_by_participant ON attendance (participant_id);
