-- Webhooks find their job by the provider's id.
CREATE INDEX generation_job_provider_job_idx ON generation_job (route, provider_job_id);
