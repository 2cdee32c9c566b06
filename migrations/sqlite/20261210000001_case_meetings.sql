-- The monthly case meeting (issue 18): a meeting on a day, who came, the minutes written about
-- each participant, and the actions decided (what, who, by when) that carry over from meeting
-- to meeting until they are done. Closing a meeting locks its minutes: after that an entry is
-- never changed, and anything more is a new entry marked as written after the meeting closed.

CREATE TABLE case_meetings (
    id INTEGER PRIMARY KEY,
    held_on TEXT NOT NULL UNIQUE CHECK (held_on = date(held_on)),
    opened_by INTEGER NOT NULL REFERENCES people (id),
    closed_at TEXT,
    closed_by INTEGER REFERENCES people (id),
    CHECK ((closed_at IS NULL) = (closed_by IS NULL))
) STRICT;

CREATE TABLE case_meeting_attendees (
    meeting_id INTEGER NOT NULL REFERENCES case_meetings (id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people (id),
    PRIMARY KEY (meeting_id, person_id)
) STRICT, WITHOUT ROWID;

-- What was said about a participant at a meeting.
CREATE TABLE case_minutes (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES case_meetings (id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participants (person_id) ON DELETE CASCADE,
    note TEXT NOT NULL CHECK (length(trim(note)) BETWEEN 1 AND 4000),
    written_by INTEGER NOT NULL REFERENCES people (id),
    written_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    -- Written after the meeting closed: a later entry, never an edit of what was minuted.
    after_closing INTEGER NOT NULL DEFAULT 0 CHECK (after_closing IN (0, 1))
) STRICT;

CREATE INDEX case_minutes_by_meeting ON case_minutes (meeting_id, participant_id);

-- A decision: what is to be done, by whom, by when; done when `done_on` is set.
CREATE TABLE case_actions (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES case_meetings (id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participants (person_id) ON DELETE CASCADE,
    what TEXT NOT NULL CHECK (length(trim(what)) BETWEEN 1 AND 500),
    owner_id INTEGER NOT NULL REFERENCES people (id),
    due_on TEXT NOT NULL CHECK (due_on = date(due_on)),
    recorded_by INTEGER NOT NULL REFERENCES people (id),
    done_on TEXT CHECK (done_on IS NULL OR done_on = date(done_on)),
    done_by INTEGER REFERENCES people (id),
    CHECK ((done_on IS NULL) = (done_by IS NULL))
) STRICT;

CREATE INDEX case_actions_open ON case_actions (done_on, due_on);
CREATE INDEX case_actions_by_owner ON case_actions (owner_id, done_on);
CREATE INDEX case_actions_by_participant ON case_actions (participant_id);

-- A closed meeting keeps its day, who came and its minutes as they were.
CREATE TRIGGER case_meetings_closed_stay BEFORE UPDATE ON case_meetings
WHEN OLD.closed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a closed meeting cannot be changed');
END;

CREATE TRIGGER case_meeting_attendees_closed_add BEFORE INSERT ON case_meeting_attendees
WHEN EXISTS (SELECT 1 FROM case_meetings WHERE id = NEW.meeting_id AND closed_at IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'a closed meeting cannot be changed');
END;

CREATE TRIGGER case_meeting_attendees_closed_remove BEFORE DELETE ON case_meeting_attendees
WHEN EXISTS (SELECT 1 FROM case_meetings WHERE id = OLD.meeting_id AND closed_at IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'a closed meeting cannot be changed');
END;

CREATE TRIGGER case_minutes_closed_stay BEFORE UPDATE ON case_minutes
WHEN EXISTS (SELECT 1 FROM case_meetings WHERE id = OLD.meeting_id AND closed_at IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'a closed meeting cannot be changed');
END;

-- An entry written once the meeting has closed is marked so, whoever writes it.
CREATE TRIGGER case_minutes_after_closing BEFORE INSERT ON case_minutes
WHEN NEW.after_closing = 0
    AND EXISTS (SELECT 1 FROM case_meetings WHERE id = NEW.meeting_id AND closed_at IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'a closed meeting cannot be changed');
END;

-- Decisions are made in the meeting: a closed meeting takes no new action, and an action's
-- what, who and when stay as decided (only its being done is recorded later).
CREATE TRIGGER case_actions_closed_add BEFORE INSERT ON case_actions
WHEN EXISTS (SELECT 1 FROM case_meetings WHERE id = NEW.meeting_id AND closed_at IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'a closed meeting cannot be changed');
END;

CREATE TRIGGER case_actions_decided_stay BEFORE UPDATE OF what, owner_id, due_on, meeting_id, participant_id
ON case_actions
WHEN EXISTS (SELECT 1 FROM case_meetings WHERE id = OLD.meeting_id AND closed_at IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'a closed meeting cannot be changed');
END;

INSERT INTO audit_actions (name) VALUES
    ('case_meeting_opened'), ('case_meeting_closed'), ('case_agenda_read'), ('case_pack_read'),
    ('case_meeting_printed'), ('case_minutes_written'), ('case_action_recorded'),
    ('case_action_done');
