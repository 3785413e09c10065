-- The first history pages ordered by the surrogate id; every list now orders by created_at or cost with the public id
-- as tie-breaker (V2's indexes), so these two only cost writes.
DROP INDEX generation_job_owner_idx;
DROP INDEX generation_job_status_idx;
