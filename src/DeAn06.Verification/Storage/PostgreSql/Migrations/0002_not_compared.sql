-- The compared fields that no record of a job carried (e.g. a file without NgayThangNamSinh), so the
-- job's report line can say what was not compared instead of passing as 100 %.
ALTER TABLE jobs ADD COLUMN not_compared text[];
