-- Fleet and places: the days each vehicle is available, drivers' licence and DBS dates, and the
-- coordinator's own travel times between two places, which win over the computed estimate.

-- The weekdays a vehicle can be given runs, as a set of bits: Monday = 1, Tuesday = 2, … Sunday =
-- 64 (bit n is n days after Monday). 0 means off the road. New vehicles start on weekdays (31).
ALTER TABLE vehicles ADD COLUMN available_days INTEGER NOT NULL DEFAULT 31
    CHECK (available_days BETWEEN 0 AND 127);

-- A driver's documents: the last day their driving licence is valid and the date their DBS check
-- is due for renewal. Only someone with the driver role has a row.
CREATE TABLE driver_documents (
    person_id INTEGER PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    licence_expires_on TEXT NOT NULL CHECK (licence_expires_on = date(licence_expires_on)),
    dbs_renews_on TEXT NOT NULL CHECK (dbs_renews_on = date(dbs_renews_on))
) STRICT;

CREATE TRIGGER driver_documents_need_role_on_insert BEFORE INSERT ON driver_documents
WHEN NOT EXISTS (SELECT 1 FROM person_roles WHERE person_id = NEW.person_id AND role = 'driver')
BEGIN
    SELECT RAISE(ABORT, 'driver documents need the driver role');
END;

CREATE TRIGGER driver_documents_need_role_on_update BEFORE UPDATE OF person_id ON driver_documents
WHEN NOT EXISTS (SELECT 1 FROM person_roles WHERE person_id = NEW.person_id AND role = 'driver')
BEGIN
    SELECT RAISE(ABORT, 'driver documents need the driver role');
END;

-- Someone who stops driving no longer has driver's documents on file.
CREATE TRIGGER driver_documents_leave_with_role AFTER DELETE ON person_roles
WHEN OLD.role = 'driver'
BEGIN
    DELETE FROM driver_documents WHERE person_id = OLD.person_id;
END;

-- "Hatfield → Stanborough Lakes: 25 min": the coordinator's travel time from one place to another,
-- used instead of the estimate from the map. Each end is a pick-up point or a venue (exactly one
-- of the two columns); the pair is ordered (the way back may take longer), and appears once.
CREATE TABLE travel_time_overrides (
    id INTEGER PRIMARY KEY,
    from_pickup_point_id INTEGER REFERENCES pickup_points (id) ON DELETE CASCADE,
    from_venue_id INTEGER REFERENCES venues (id) ON DELETE CASCADE,
    to_pickup_point_id INTEGER REFERENCES pickup_points (id) ON DELETE CASCADE,
    to_venue_id INTEGER REFERENCES venues (id) ON DELETE CASCADE,
    minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 240),
    CHECK ((from_pickup_point_id IS NULL) <> (from_venue_id IS NULL)),
    CHECK ((to_pickup_point_id IS NULL) <> (to_venue_id IS NULL)),
    CHECK (from_pickup_point_id IS NOT to_pickup_point_id OR from_venue_id IS NOT to_venue_id)
) STRICT;

CREATE UNIQUE INDEX travel_time_overrides_one_per_pair ON travel_time_overrides (
    ifnull(from_pickup_point_id, 0), ifnull(from_venue_id, 0),
    ifnull(to_pickup_point_id, 0), ifnull(to_venue_id, 0)
);
