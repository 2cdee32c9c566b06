-- The funders' report and the Justice Data Lab extract (issue 18).
--
-- What the Justice Data Lab needs to match a participant to the Police National Computer, kept
-- apart from the rest of the record: only coordinators read or write it, the retention job
-- deletes the row when it anonymises the record, and the extract takes only those who agreed.
CREATE TABLE participant_identity (
    participant_id bigint PRIMARY KEY REFERENCES participants (person_id) ON DELETE CASCADE,
    born_on date CHECK (born_on IS NULL OR born_on >= DATE '1900-01-01'),
    gender text CHECK (gender IS NULL OR gender IN ('female', 'male', 'another')),
    -- The participant agreed (on the day given) that their details may go to the Justice Data
    -- Lab for a re-offending study.
    data_lab_consent_on date,
    changed_by bigint NOT NULL REFERENCES people (id)
);

CREATE FUNCTION participant_identity_not_anonymised() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM participants WHERE person_id = NEW.participant_id AND anonymised_on IS NOT NULL) THEN
        RAISE EXCEPTION 'an anonymised record cannot be changed';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER participant_identity_not_anonymised BEFORE INSERT OR UPDATE ON participant_identity
FOR EACH ROW EXECUTE FUNCTION participant_identity_not_anonymised();

INSERT INTO audit_actions (name) VALUES
    ('identity_changed'), ('funders_report_downloaded'), ('data_lab_extracted');
