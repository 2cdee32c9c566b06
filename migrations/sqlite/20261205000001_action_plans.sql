-- Needs and the action plan (issue 17): the programme's areas of need, kept as data so a
-- programme can rename or add; each participant's goals per area with their steps, owner,
-- target date and review; and the mentors' one-to-one contacts, which only the participant's
-- mentor and coordinators read (each read audited).

CREATE TABLE need_areas (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) BETWEEN 1 AND 80),
    -- The order areas are listed in.
    position INTEGER NOT NULL DEFAULT 0,
    -- Retired areas keep their goals and notes but take no new ones.
    retired INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1))
) STRICT;

-- The resettlement areas probation services use.
INSERT INTO need_areas (name, position) VALUES
    ('Accommodation', 1),
    ('Education, training and employment', 2),
    ('Finance, benefits and debt', 3),
    ('Health and wellbeing, including substance use', 4),
    ('Relationships and family', 5),
    ('Attitudes and thinking', 6);

-- How much each area matters for a participant now, from their assessment: one row per area
-- assessed, replaced when it is assessed again.
CREATE TABLE assessed_needs (
    participant_id INTEGER NOT NULL REFERENCES participants (person_id) ON DELETE CASCADE,
    area_id INTEGER NOT NULL REFERENCES need_areas (id),
    level TEXT NOT NULL CHECK (level IN ('none', 'some', 'high')),
    note TEXT CHECK (note IS NULL OR length(trim(note)) BETWEEN 1 AND 1000),
    assessed_on TEXT NOT NULL CHECK (assessed_on = date(assessed_on)),
    assessed_by INTEGER NOT NULL REFERENCES people (id),
    PRIMARY KEY (participant_id, area_id)
) STRICT;

CREATE TABLE goals (
    id INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants (person_id) ON DELETE CASCADE,
    area_id INTEGER NOT NULL REFERENCES need_areas (id),
    title TEXT NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 200),
    -- Who sees it through: the participant themselves or a member of staff.
    owner_id INTEGER NOT NULL REFERENCES people (id),
    target_on TEXT NOT NULL CHECK (target_on = date(target_on)),
    created_on TEXT NOT NULL CHECK (created_on = date(created_on)),
    created_by INTEGER NOT NULL REFERENCES people (id),
    review TEXT CHECK (review IS NULL OR review IN ('achieved', 'partly', 'not_yet')),
    review_comment TEXT CHECK (review_comment IS NULL OR length(trim(review_comment)) BETWEEN 1 AND 1000),
    reviewed_on TEXT CHECK (reviewed_on IS NULL OR reviewed_on = date(reviewed_on)),
    reviewed_by INTEGER REFERENCES people (id),
    CHECK ((review IS NULL) = (reviewed_on IS NULL) AND (review IS NULL) = (reviewed_by IS NULL)),
    CHECK (review_comment IS NULL OR review IS NOT NULL)
) STRICT;

CREATE INDEX goals_by_participant ON goals (participant_id, area_id);

CREATE TABLE goal_steps (
    id INTEGER PRIMARY KEY,
    goal_id INTEGER NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    step TEXT NOT NULL CHECK (length(trim(step)) BETWEEN 1 AND 200),
    -- Ticked: when, and by whom (the participant on their phone, or staff).
    done_on TEXT CHECK (done_on IS NULL OR done_on = date(done_on)),
    done_by INTEGER REFERENCES people (id),
    CHECK ((done_on IS NULL) = (done_by IS NULL)),
    UNIQUE (goal_id, position)
) STRICT;

-- A mentor's contact with a participant: when, how, the areas talked about, and a note.
CREATE TABLE one_to_ones (
    id INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants (person_id) ON DELETE CASCADE,
    met_on TEXT NOT NULL CHECK (met_on = date(met_on)),
    kind TEXT NOT NULL CHECK (kind IN ('meeting', 'phone', 'group')),
    note TEXT NOT NULL CHECK (length(trim(note)) BETWEEN 1 AND 4000),
    recorded_by INTEGER NOT NULL REFERENCES people (id),
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

CREATE INDEX one_to_ones_by_participant ON one_to_ones (participant_id, met_on);

CREATE TABLE one_to_one_areas (
    one_to_one_id INTEGER NOT NULL REFERENCES one_to_ones (id) ON DELETE CASCADE,
    area_id INTEGER NOT NULL REFERENCES need_areas (id),
    PRIMARY KEY (one_to_one_id, area_id)
) STRICT;

INSERT INTO audit_actions (name) VALUES ('one_to_ones_read'), ('one_to_one_recorded');
