-- Private calendar feeds: one secret link per person, which their phone's calendar app reads
-- (`GET /calendar/{token}.ics`) without signing in.
--
-- The token is stored as it is, not as a hash (unlike invite links and recovery codes). It only
-- grants reading a neutral copy of data this same database already holds (the person's own
-- sessions and runs), so anyone able to read this table could read those rows directly and a
-- hash would protect nothing; and the "Add to your phone's calendar" page must be able to show
-- the same link again whenever its owner opens it. Making a new link replaces the row, so the
-- old link stops working at once.
CREATE TABLE calendar_feeds (
    person_id INTEGER PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    -- 32 random bytes in URL-safe base64 without padding: always 43 characters.
    token TEXT NOT NULL UNIQUE
        CHECK (length(token) = 43 AND token NOT GLOB '*[^A-Za-z0-9_-]*'),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;

-- Raised whenever a run's time, venue, driver or publication changes: a driver's feed sends it
-- as SEQUENCE, so calendar apps replace the event they already hold.
ALTER TABLE runs ADD COLUMN revision INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0);

CREATE TRIGGER runs_count_revisions
AFTER UPDATE OF departs_at, arrives_at, venue_id, driver_id, published_at ON runs
WHEN OLD.departs_at IS NOT NEW.departs_at OR OLD.arrives_at IS NOT NEW.arrives_at
    OR OLD.venue_id IS NOT NEW.venue_id OR OLD.driver_id IS NOT NEW.driver_id
    OR OLD.published_at IS NOT NEW.published_at
BEGIN
    UPDATE runs SET revision = OLD.revision + 1 WHERE id = NEW.id;
END;
