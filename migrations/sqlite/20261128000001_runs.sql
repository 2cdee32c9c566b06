-- Transport runs: for each programme day, a vehicle's trip from the pick-up points to a venue
-- (outbound) or back (return), its stops in order with their times, and who sits where.
--
-- The schema makes the two promises that matter under simultaneous requests: a seat is never
-- given twice (one row per seat number) and a run never overfills (seat numbers stop at the
-- vehicle's seats). Pick-up times are computed by the solver, never typed.

-- How early the carrier reaches the venue before a session starts, and the longest anyone
-- should spend in it on one run.
ALTER TABLE programme_settings ADD COLUMN arrival_margin_minutes INTEGER NOT NULL DEFAULT 10
    CHECK (arrival_margin_minutes BETWEEN 0 AND 60);
ALTER TABLE programme_settings ADD COLUMN max_ride_minutes INTEGER NOT NULL DEFAULT 60
    CHECK (max_ride_minutes BETWEEN 10 AND 180);

CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    run_date TEXT NOT NULL CHECK (run_date = date(run_date)),
    direction TEXT NOT NULL CHECK (direction IN ('outbound', 'return')),
    venue_id INTEGER NOT NULL REFERENCES venues (id),
    vehicle_id INTEGER NOT NULL REFERENCES vehicles (id),
    driver_id INTEGER REFERENCES people (id) ON DELETE SET NULL,
    -- The vehicle's passenger seats and wheelchair spaces when the run was made: the bounds
    -- of its seat numbers, so changing a vehicle later cannot overfill a planned run.
    seats INTEGER NOT NULL CHECK (seats BETWEEN 1 AND 16),
    wheelchair_spaces INTEGER NOT NULL CHECK (wheelchair_spaces BETWEEN 0 AND 4),
    -- Outbound: leaves the first stop / reaches the venue. Return: leaves the venue / last stop.
    departs_at TEXT NOT NULL CHECK (departs_at = strftime('%H:%M', '2000-01-01 ' || departs_at)),
    arrives_at TEXT NOT NULL CHECK (arrives_at = strftime('%H:%M', '2000-01-01 ' || arrives_at)),
    driving_minutes INTEGER NOT NULL CHECK (driving_minutes >= 0),
    -- Set when the coordinator publishes the pick-up list to the driver (UTC, ISO 8601).
    published_at TEXT,
    -- The driver's readings for the mileage claim.
    odometer_start INTEGER CHECK (odometer_start BETWEEN 0 AND 9999999),
    odometer_end INTEGER CHECK (odometer_end BETWEEN 0 AND 9999999),
    CHECK (odometer_end IS NULL OR odometer_start IS NULL OR odometer_end >= odometer_start),
    -- A vehicle makes one trip each way a day.
    UNIQUE (run_date, direction, vehicle_id)
) STRICT;

CREATE INDEX runs_by_day ON runs (run_date, direction);
CREATE INDEX runs_by_driver ON runs (driver_id, run_date);

CREATE TRIGGER runs_driver_is_driver_on_insert BEFORE INSERT ON runs
WHEN NEW.driver_id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM person_roles WHERE person_id = NEW.driver_id AND role = 'driver')
BEGIN
    SELECT RAISE(ABORT, 'only a driver can drive a run');
END;

CREATE TRIGGER runs_driver_is_driver BEFORE UPDATE OF driver_id ON runs
WHEN NEW.driver_id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM person_roles WHERE person_id = NEW.driver_id AND role = 'driver')
BEGIN
    SELECT RAISE(ABORT, 'only a driver can drive a run');
END;

-- The pick-up points a run calls at, in order, with the computed time there: the pick-up time
-- (outbound) or the drop-off time (return).
CREATE TABLE run_stops (
    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    pickup_point_id INTEGER NOT NULL REFERENCES pickup_points (id),
    stop_order INTEGER NOT NULL CHECK (stop_order >= 1),
    at TEXT NOT NULL CHECK (at = strftime('%H:%M', '2000-01-01 ' || at)),
    PRIMARY KEY (run_id, pickup_point_id),
    UNIQUE (run_id, stop_order)
) STRICT, WITHOUT ROWID;

-- A booked participant's seat on a run, one each way.
CREATE TABLE run_seats (
    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    booking_id INTEGER NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
    direction TEXT NOT NULL CHECK (direction IN ('outbound', 'return')),
    pickup_point_id INTEGER NOT NULL,
    -- A wheelchair user travels in a wheelchair space, everyone else in a seat.
    seat_kind TEXT NOT NULL CHECK (seat_kind IN ('seat', 'wheelchair')),
    seat_number INTEGER NOT NULL CHECK (seat_number >= 1),
    -- Set by hand on the board: re-optimising keeps this rider on this run, in this seat.
    locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
    -- The driver's tick: boarded, or not here. NULL until marked.
    boarding TEXT CHECK (boarding IS NULL OR boarding IN ('boarded', 'not_here')),
    marked_at TEXT,
    PRIMARY KEY (run_id, booking_id),
    -- A seat is never given twice.
    UNIQUE (run_id, seat_kind, seat_number),
    -- One seat each way.
    UNIQUE (booking_id, direction),
    FOREIGN KEY (run_id, pickup_point_id) REFERENCES run_stops (run_id, pickup_point_id)
) STRICT, WITHOUT ROWID;

-- A run never overfills: seat numbers stop at the run's seats of that kind.
CREATE TRIGGER run_seats_exist_on_insert BEFORE INSERT ON run_seats
WHEN NEW.seat_number > (
    SELECT CASE NEW.seat_kind WHEN 'seat' THEN seats ELSE wheelchair_spaces END
    FROM runs WHERE id = NEW.run_id
)
BEGIN
    SELECT RAISE(ABORT, 'run is full');
END;

CREATE TRIGGER run_seats_exist_on_update BEFORE UPDATE OF seat_number, seat_kind, run_id ON run_seats
WHEN NEW.seat_number > (
    SELECT CASE NEW.seat_kind WHEN 'seat' THEN seats ELSE wheelchair_spaces END
    FROM runs WHERE id = NEW.run_id
)
BEGIN
    SELECT RAISE(ABORT, 'run is full');
END;

-- The seat's direction is its run's, the booking is a booked place on a session that day at
-- that venue, and the seat's kind fits the rider.
CREATE TRIGGER run_seats_fit_the_booking BEFORE INSERT ON run_seats
WHEN NOT EXISTS (
    SELECT 1 FROM runs r, bookings b
        JOIN sessions s ON s.id = b.session_id
        JOIN venue_spaces vs ON vs.id = s.space_id
        JOIN participants p ON p.person_id = b.participant_id
    WHERE r.id = NEW.run_id AND b.id = NEW.booking_id
      AND r.direction = NEW.direction
      AND b.status = 'booked'
      AND date(s.starts_at) = r.run_date
      AND vs.venue_id = r.venue_id
      AND (p.uses_wheelchair = 1) = (NEW.seat_kind = 'wheelchair')
)
BEGIN
    SELECT RAISE(ABORT, 'seat does not fit the booking');
END;

-- People who must be kept apart never share a vehicle.
CREATE TRIGGER run_seats_keep_apart BEFORE INSERT ON run_seats
WHEN EXISTS (
    SELECT 1 FROM run_seats other
        JOIN bookings ob ON ob.id = other.booking_id
        JOIN bookings nb ON nb.id = NEW.booking_id
        JOIN keep_apart k
            ON (k.person_a = ob.participant_id AND k.person_b = nb.participant_id)
            OR (k.person_b = ob.participant_id AND k.person_a = nb.participant_id)
    WHERE other.run_id = NEW.run_id
)
BEGIN
    SELECT RAISE(ABORT, 'kept apart');
END;

-- Cancelling a place frees its seats both ways (the booking row stays, as a record).
CREATE TRIGGER bookings_free_seats AFTER UPDATE OF status ON bookings
WHEN NEW.status <> 'booked'
BEGIN
    DELETE FROM run_seats WHERE booking_id = NEW.id;
END;

-- "I'll get there myself" frees the seats too.
CREATE TRIGGER bookings_free_seats_without_lift AFTER UPDATE OF needs_lift ON bookings
WHEN NEW.needs_lift = 0
BEGIN
    DELETE FROM run_seats WHERE booking_id = NEW.id;
END;

-- A session moved to another day or space, or cancelled, no longer matches its runs: its
-- riders' seats are freed and the board shows them as waiting for a seat.
CREATE TRIGGER sessions_moved_free_seats AFTER UPDATE OF starts_at, space_id, status ON sessions
WHEN date(NEW.starts_at) <> date(OLD.starts_at) OR NEW.space_id <> OLD.space_id
    OR NEW.status = 'cancelled'
BEGIN
    DELETE FROM run_seats
    WHERE booking_id IN (SELECT id FROM bookings WHERE session_id = NEW.id);
END;

-- Who could not be given a seat when the day was last planned, and why ("no seat left on
-- this run"). Rewritten each time the day is planned.
CREATE TABLE transport_unplaced (
    booking_id INTEGER NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
    direction TEXT NOT NULL CHECK (direction IN ('outbound', 'return')),
    run_date TEXT NOT NULL CHECK (run_date = date(run_date)),
    reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 300),
    PRIMARY KEY (booking_id, direction)
) STRICT, WITHOUT ROWID;

CREATE INDEX transport_unplaced_by_day ON transport_unplaced (run_date);

-- What the driver was given when the run was last published: the changes since are worked out
-- against it and flagged on the driver's list.
CREATE TABLE published_seats (
    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    booking_id INTEGER NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
    pickup_point_id INTEGER NOT NULL REFERENCES pickup_points (id),
    at TEXT NOT NULL,
    PRIMARY KEY (run_id, booking_id)
) STRICT, WITHOUT ROWID;
