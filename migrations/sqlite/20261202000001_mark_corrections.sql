-- Who made a passenger's mark: the driver's tick, or the coordinator's correction from the
-- board. NULL for marks made before this was kept.
ALTER TABLE run_seats ADD COLUMN marked_by INTEGER REFERENCES people (id) ON DELETE SET NULL;
