-- Wellbeing questionnaires as answered (issue 17): one row a sitting, on one instrument (its
-- slug: the questionnaire itself is a file, see the README), at a time point, answered by the
-- participant or with their mentor (`assisted_by`). The answers are kept as they come in
-- ("4,3,,5"), the score (in hundredths) once every question is answered.
CREATE TABLE wellbeing_responses (
    id INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants (person_id) ON DELETE CASCADE,
    instrument TEXT NOT NULL CHECK (length(instrument) BETWEEN 1 AND 40
        AND instrument NOT GLOB '*[^a-z0-9-]*'),
    time_point TEXT NOT NULL CHECK (time_point IN ('start', 'review', 'end')),
    started_on TEXT NOT NULL CHECK (started_on = date(started_on)),
    completed_on TEXT CHECK (completed_on IS NULL OR completed_on = date(completed_on)),
    answers TEXT NOT NULL DEFAULT '' CHECK (length(answers) <= 400
        AND answers NOT GLOB '*[^0-9,]*'),
    score INTEGER CHECK (score IS NULL OR score BETWEEN -100000 AND 100000),
    assisted_by INTEGER REFERENCES people (id),
    CHECK ((completed_on IS NULL) = (score IS NULL)),
    CHECK (completed_on IS NULL OR completed_on >= started_on)
) STRICT;

-- At most one questionnaire open per participant.
CREATE UNIQUE INDEX wellbeing_one_open ON wellbeing_responses (participant_id)
    WHERE completed_on IS NULL;
CREATE INDEX wellbeing_by_participant ON wellbeing_responses (participant_id, completed_on);

-- Scores are health data: every reading by staff is audited.
INSERT INTO audit_actions (name) VALUES ('wellbeing_read');
