-- Marking who came to a case meeting is a change like any other, and is audited.
INSERT INTO audit_actions (name) VALUES ('case_attendees_changed');
