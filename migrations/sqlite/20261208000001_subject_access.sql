-- Subject access requests (issue 17): a participant asks for everything held about them; the
-- coordinator registers the request with the day it arrived, the app works out the day it must
-- be answered by (one calendar month, UK GDPR Art. 12(3)), compiles the pack, and records the
-- day it was answered.
CREATE TABLE subject_access_requests (
    id INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants (person_id) ON DELETE CASCADE,
    received_on TEXT NOT NULL CHECK (received_on = date(received_on)),
    due_on TEXT NOT NULL CHECK (due_on = date(due_on)),
    how TEXT NOT NULL CHECK (how IN ('in_person', 'letter', 'email', 'phone', 'through_someone')),
    registered_by INTEGER NOT NULL REFERENCES people (id),
    answered_on TEXT CHECK (answered_on IS NULL OR answered_on = date(answered_on)),
    CHECK (due_on > received_on),
    CHECK (answered_on IS NULL OR answered_on >= received_on)
) STRICT;

CREATE INDEX subject_access_by_due ON subject_access_requests (answered_on, due_on);

INSERT INTO audit_actions (name) VALUES
    ('subject_access_registered'), ('subject_access_compiled'), ('subject_access_answered');
