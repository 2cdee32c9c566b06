-- The TurnAround domain model.
--
-- The database holds the invariants; the Rust code explains them to people. Times of day are local
-- programme times ('YYYY-MM-DD HH:MM:SS' in the programme's time zone, Europe/London by default):
-- the programme happens in one place, people think in "10:00 on Tuesday", and calendar feeds carry
-- the zone name alongside.

-- One row: the programme's own settings.
CREATE TABLE programme_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    programme_name TEXT NOT NULL CHECK (length(trim(programme_name)) BETWEEN 1 AND 100),
    time_zone TEXT NOT NULL DEFAULT 'Europe/London' CHECK (length(time_zone) BETWEEN 1 AND 64),
    -- When participants must be on site ('HH:MM'); the pick-up runs are timed from it.
    default_arrival_time TEXT NOT NULL DEFAULT '10:00'
        CHECK (default_arrival_time = strftime('%H:%M', '2000-01-01 ' || default_arrival_time)),
    default_end_time TEXT NOT NULL DEFAULT '15:30'
        CHECK (default_end_time = strftime('%H:%M', '2000-01-01 ' || default_end_time)),
    -- 1 while the database holds the fictional demo programme; shown on every page.
    is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
    CHECK (default_end_time > default_arrival_time)
) STRICT;

INSERT INTO programme_settings (id, programme_name) VALUES (1, 'TurnAround');

-- Places where the people carrier collects participants.
CREATE TABLE pickup_points (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) BETWEEN 1 AND 100),
    -- What a participant looks for when they get there: "bus shelter outside the station".
    landmark TEXT NOT NULL CHECK (length(trim(landmark)) BETWEEN 1 AND 300),
    latitude REAL NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude REAL NOT NULL CHECK (longitude BETWEEN -180 AND 180)
) STRICT;

-- Anyone the programme knows: participants and staff. One person may hold several roles.
CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    given_name TEXT NOT NULL CHECK (length(trim(given_name)) BETWEEN 1 AND 100),
    family_name TEXT NOT NULL CHECK (length(trim(family_name)) BETWEEN 1 AND 100),
    -- The name they want to be called by, if not their given name.
    preferred_name TEXT CHECK (preferred_name IS NULL OR length(trim(preferred_name)) BETWEEN 1 AND 100),
    phone TEXT CHECK (phone IS NULL OR (length(phone) BETWEEN 5 AND 25 AND phone NOT GLOB '*[^0-9 +()-]*')),
    email TEXT UNIQUE COLLATE NOCASE CHECK (email IS NULL OR (length(email) <= 254 AND email LIKE '_%@_%')),
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;

CREATE TABLE person_roles (
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    role TEXT NOT NULL
        CHECK (role IN ('participant', 'mentor', 'tutor', 'driver', 'coordinator', 'team_leader')),
    PRIMARY KEY (person_id, role)
) STRICT, WITHOUT ROWID;

CREATE INDEX person_roles_by_role ON person_roles (role, person_id);

-- What the programme knows about a participant. The referral source is criminal-offence data
-- (UK GDPR Art. 10) when it says probation or police: only the coordinator's views read it.
CREATE TABLE participants (
    person_id INTEGER PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    default_pickup_point_id INTEGER REFERENCES pickup_points (id) ON DELETE SET NULL,
    needs_lift INTEGER NOT NULL DEFAULT 1 CHECK (needs_lift IN (0, 1)),
    -- Free text the driver needs ("walks with a stick"); NULL when none.
    mobility_needs TEXT CHECK (mobility_needs IS NULL OR length(mobility_needs) <= 500),
    uses_wheelchair INTEGER NOT NULL DEFAULT 0 CHECK (uses_wheelchair IN (0, 1)),
    referral_source TEXT NOT NULL CHECK (referral_source IN ('probation', 'police', 'third_sector', 'self')),
    referral_date TEXT NOT NULL CHECK (referral_date = date(referral_date)),
    status TEXT NOT NULL DEFAULT 'active'
        CHECK (status IN ('referred', 'active', 'paused', 'completed', 'withdrawn')),
    mentor_id INTEGER REFERENCES people (id) ON DELETE SET NULL,
    CHECK (mentor_id IS NULL OR mentor_id <> person_id)
) STRICT;

CREATE INDEX participants_by_mentor ON participants (mentor_id);

-- A participant row needs the participant role, and an assigned mentor needs the mentor role.
CREATE TRIGGER participants_need_role_on_insert BEFORE INSERT ON participants
WHEN NOT EXISTS (SELECT 1 FROM person_roles WHERE person_id = NEW.person_id AND role = 'participant')
BEGIN
    SELECT RAISE(ABORT, 'participant details need the participant role');
END;

CREATE TRIGGER participants_mentor_is_mentor_on_insert BEFORE INSERT ON participants
WHEN NEW.mentor_id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM person_roles WHERE person_id = NEW.mentor_id AND role = 'mentor')
BEGIN
    SELECT RAISE(ABORT, 'the assigned mentor needs the mentor role');
END;

CREATE TRIGGER participants_mentor_is_mentor_on_update BEFORE UPDATE OF mentor_id ON participants
WHEN NEW.mentor_id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM person_roles WHERE person_id = NEW.mentor_id AND role = 'mentor')
BEGIN
    SELECT RAISE(ABORT, 'the assigned mentor needs the mentor role');
END;

CREATE TABLE venues (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) BETWEEN 1 AND 100),
    address TEXT NOT NULL CHECK (length(trim(address)) BETWEEN 1 AND 300),
    latitude REAL NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude REAL NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    access_notes TEXT CHECK (access_notes IS NULL OR length(access_notes) <= 1000)
) STRICT;

-- The bookable parts of a venue: Court 1 and Court 2, the pegs at a lake, a training room.
CREATE TABLE venue_spaces (
    id INTEGER PRIMARY KEY,
    venue_id INTEGER NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 100),
    UNIQUE (venue_id, name)
) STRICT;

CREATE TABLE activities (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) BETWEEN 1 AND 100),
    kind TEXT NOT NULL CHECK (kind IN ('sport', 'course', 'community_project', 'mentoring')),
    default_duration_minutes INTEGER NOT NULL CHECK (default_duration_minutes BETWEEN 15 AND 720),
    default_capacity INTEGER NOT NULL CHECK (default_capacity BETWEEN 1 AND 100),
    what_to_bring TEXT CHECK (what_to_bring IS NULL OR length(what_to_bring) <= 500)
) STRICT;

-- One occurrence of an activity in a venue space.
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES activities (id),
    space_id INTEGER NOT NULL REFERENCES venue_spaces (id),
    starts_at TEXT NOT NULL CHECK (starts_at = strftime('%Y-%m-%d %H:%M:00', starts_at)),
    ends_at TEXT NOT NULL CHECK (ends_at = strftime('%Y-%m-%d %H:%M:00', ends_at)),
    capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 100),
    status TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
    -- Booked people see a cancelled session with its reason, rather than having it vanish.
    cancel_reason TEXT CHECK (cancel_reason IS NULL OR length(trim(cancel_reason)) BETWEEN 1 AND 300),
    notes TEXT CHECK (notes IS NULL OR length(notes) <= 2000),
    CHECK (ends_at > starts_at),
    -- A programme day: a session starts and ends on the same date.
    CHECK (date(starts_at) = date(ends_at)),
    CHECK ((status = 'cancelled') = (cancel_reason IS NOT NULL))
) STRICT;

CREATE INDEX sessions_by_start ON sessions (starts_at);
CREATE INDEX sessions_by_space ON sessions (space_id, starts_at);

-- The staff who lead a session (a tutor, a mentor, or both).
CREATE TABLE session_leads (
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people (id),
    PRIMARY KEY (session_id, person_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX session_leads_by_person ON session_leads (person_id);

CREATE TRIGGER session_leads_are_staff BEFORE INSERT ON session_leads
WHEN NOT EXISTS (
    SELECT 1 FROM person_roles
    WHERE person_id = NEW.person_id AND role IN ('tutor', 'mentor', 'coordinator', 'team_leader')
)
BEGIN
    SELECT RAISE(ABORT, 'a session lead must be a tutor, mentor, coordinator or team leader');
END;

-- A participant's place on a session, or their place in the queue for one.
CREATE TABLE bookings (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participants (person_id),
    status TEXT NOT NULL CHECK (status IN ('booked', 'waitlisted', 'cancelled')),
    needs_lift INTEGER NOT NULL CHECK (needs_lift IN (0, 1)),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    -- No one is on the same session twice; a cancelled booking is re-opened, not duplicated.
    UNIQUE (session_id, participant_id)
) STRICT;

CREATE INDEX bookings_by_participant ON bookings (participant_id);

-- Capacity is a hard limit: the last place cannot be taken twice, whoever presses first.
CREATE TRIGGER bookings_respect_capacity_on_insert BEFORE INSERT ON bookings
WHEN NEW.status = 'booked'
    AND (SELECT count(*) FROM bookings WHERE session_id = NEW.session_id AND status = 'booked')
        >= (SELECT capacity FROM sessions WHERE id = NEW.session_id)
BEGIN
    SELECT RAISE(ABORT, 'session is full');
END;

CREATE TRIGGER bookings_respect_capacity_on_update BEFORE UPDATE OF status, session_id ON bookings
WHEN NEW.status = 'booked' AND NOT (OLD.status = 'booked' AND OLD.session_id = NEW.session_id)
    AND (SELECT count(*) FROM bookings WHERE session_id = NEW.session_id AND status = 'booked')
        >= (SELECT capacity FROM sessions WHERE id = NEW.session_id)
BEGIN
    SELECT RAISE(ABORT, 'session is full');
END;

CREATE TRIGGER sessions_capacity_not_below_bookings BEFORE UPDATE OF capacity ON sessions
WHEN NEW.capacity < (SELECT count(*) FROM bookings WHERE session_id = NEW.id AND status = 'booked')
BEGIN
    SELECT RAISE(ABORT, 'capacity below places already taken');
END;

-- The programme's people carriers. Seats include the driver's; wheelchair spaces are their own kind.
CREATE TABLE vehicles (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) BETWEEN 1 AND 100),
    registration TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(registration)) BETWEEN 2 AND 10),
    seats_including_driver INTEGER NOT NULL CHECK (seats_including_driver BETWEEN 2 AND 17),
    wheelchair_spaces INTEGER NOT NULL DEFAULT 0 CHECK (wheelchair_spaces BETWEEN 0 AND 4)
) STRICT;
