-- What a job's Idempotency-Key was first used with: a hash of the canonical request, so a reuse of the key with a
-- different request is refused (422) instead of silently answered with the first job.
ALTER TABLE generation_job ADD COLUMN request_hash VARCHAR(64);
