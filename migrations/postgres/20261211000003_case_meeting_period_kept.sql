-- A meeting reviews the time since the meeting before it. Closing keeps the first day of that
-- period, so a meeting opened later on an earlier day cannot change what a closed meeting
-- reviewed. Meetings closed before this release have none and are read as before.
ALTER TABLE case_meetings ADD COLUMN reviewed_since date;
