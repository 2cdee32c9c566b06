-- The participants' phone calendar: how late "I can't come" may be pressed before it counts as a
-- late cancellation, change counters that calendar feeds send as SEQUENCE, and what each
-- participant last saw of each of their sessions (so the page can say what changed since).

-- "I can't come" within this many hours of the start is recorded as a late cancellation.
ALTER TABLE programme_settings ADD COLUMN late_cancel_hours INTEGER NOT NULL DEFAULT 24
    CHECK (late_cancel_hours BETWEEN 0 AND 168);

-- Raised whenever a session's time, place or status changes. Calendar apps only replace an event
-- they already hold when its SEQUENCE goes up.
ALTER TABLE sessions ADD COLUMN revision INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0);

CREATE TRIGGER sessions_count_revisions AFTER UPDATE OF starts_at, ends_at, space_id, status ON sessions
WHEN OLD.starts_at IS NOT NEW.starts_at OR OLD.ends_at IS NOT NEW.ends_at
    OR OLD.space_id IS NOT NEW.space_id OR OLD.status IS NOT NEW.status
BEGIN
    UPDATE sessions SET revision = OLD.revision + 1 WHERE id = NEW.id;
END;

-- The same for a booking: cancelled, booked again, or a lift asked for or given up.
ALTER TABLE bookings ADD COLUMN revision INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0);

CREATE TRIGGER bookings_count_revisions AFTER UPDATE OF status, needs_lift ON bookings
WHEN OLD.status IS NOT NEW.status OR OLD.needs_lift IS NOT NEW.needs_lift
BEGIN
    UPDATE bookings SET revision = OLD.revision + 1 WHERE id = NEW.id;
END;

-- What a participant was last shown of one of their sessions. Written when they first see it and
-- when they say they have seen a change; anything different now is marked on their page.
CREATE TABLE sessions_seen (
    participant_id INTEGER NOT NULL REFERENCES participants (person_id),
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    venue_id INTEGER NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('scheduled', 'cancelled')),
    -- Their pick-up as last shown; NULL when they had none.
    pickup_point_id INTEGER REFERENCES pickup_points (id) ON DELETE SET NULL,
    pickup_at TEXT CHECK (pickup_at IS NULL OR pickup_at = strftime('%H:%M', '2000-01-01 ' || pickup_at)),
    PRIMARY KEY (participant_id, session_id)
) STRICT, WITHOUT ROWID;
