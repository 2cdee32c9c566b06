-- Roles can be taken away in the people admin. Taking one away must not leave a row that
-- needed it: the insert-time triggers of the domain model, mirrored for deletes.

-- A participant stays a participant: their bookings and history hang off the participant row.
-- Ending their time on the programme is a status (completed, withdrawn), not a lost role.
CREATE TRIGGER person_roles_keep_participant BEFORE DELETE ON person_roles
WHEN OLD.role = 'participant'
    AND EXISTS (SELECT 1 FROM participants WHERE person_id = OLD.person_id)
BEGIN
    SELECT RAISE(ABORT, 'participant details need the participant role');
END;

-- A mentor keeps the role while anyone is assigned to them.
CREATE TRIGGER person_roles_keep_mentor BEFORE DELETE ON person_roles
WHEN OLD.role = 'mentor'
    AND EXISTS (SELECT 1 FROM participants WHERE mentor_id = OLD.person_id)
BEGIN
    SELECT RAISE(ABORT, 'the assigned mentor needs the mentor role');
END;

-- Whoever leads a planned session keeps at least one role that may lead.
CREATE TRIGGER person_roles_keep_lead BEFORE DELETE ON person_roles
WHEN OLD.role IN ('tutor', 'mentor', 'coordinator', 'team_leader')
    AND EXISTS (
        SELECT 1 FROM session_leads l JOIN sessions s ON s.id = l.session_id
        WHERE l.person_id = OLD.person_id AND s.status = 'scheduled'
    )
    AND NOT EXISTS (
        SELECT 1 FROM person_roles
        WHERE person_id = OLD.person_id AND role <> OLD.role
          AND role IN ('tutor', 'mentor', 'coordinator', 'team_leader')
    )
BEGIN
    SELECT RAISE(ABORT, 'a session lead must be a tutor, mentor, coordinator or team leader');
END;
