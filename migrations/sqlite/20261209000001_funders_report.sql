-- The funders' report and the Justice Data Lab extract (issue 18).
--
-- What the Justice Data Lab needs to match a participant to the Police National Computer, kept
-- apart from the rest of the record: only coordinators read or write it, the retention job
-- deletes the row when it anonymises the record, and the extract takes only those who agreed.
CREATE TABLE participant_identity (
    participant_id INTEGER PRIMARY KEY REFERENCES participants (person_id) ON DELETE CASCADE,
    born_on TEXT CHECK (born_on IS NULL OR (born_on = date(born_on) AND born_on >= '1900-01-01')),
    gender TEXT CHECK (gender IS NULL OR gender IN ('female', 'male', 'another')),
    -- The participant agreed (on the day given) that their details may go to the Justice Data
    -- Lab for a re-offending study.
    data_lab_consent_on TEXT
        CHECK (data_lab_consent_on IS NULL OR data_lab_consent_on = date(data_lab_consent_on)),
    changed_by INTEGER NOT NULL REFERENCES people (id)
) STRICT;

-- An anonymised record has no identity, and none can be written back into it.
CREATE TRIGGER participant_identity_not_anonymised BEFORE INSERT ON participant_identity
WHEN EXISTS (SELECT 1 FROM participants WHERE person_id = NEW.participant_id AND anonymised_on IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'an anonymised record cannot be changed');
END;

CREATE TRIGGER participant_identity_stays_anonymised BEFORE UPDATE ON participant_identity
WHEN EXISTS (SELECT 1 FROM participants WHERE person_id = NEW.participant_id AND anonymised_on IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'an anonymised record cannot be changed');
END;

INSERT INTO audit_actions (name) VALUES
    ('identity_changed'), ('funders_report_downloaded'), ('data_lab_extracted');
