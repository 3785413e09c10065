-- Spending limits in US dollars per UTC day and month: one row per owner an admin gave limits to, and the studio's
-- own row, which always exists because every submit under a studio-wide limit locks it (SELECT ... FOR UPDATE) to
-- make the check and the job's insert one step. A NULL limit is no limit. On the studio row, admin_set FALSE means
-- "as configured" (studio.budget.*); an admin's value, even "no limit", overrides the configuration.
CREATE TABLE budget_limit (
    scope        VARCHAR(64)    NOT NULL PRIMARY KEY,
    daily_usd    NUMERIC(18, 10),
    monthly_usd  NUMERIC(18, 10),
    admin_set    BOOLEAN        NOT NULL,
    updated_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
INSERT INTO budget_limit (scope, daily_usd, monthly_usd, admin_set, updated_at)
    VALUES ('~studio', NULL, NULL, FALSE, CURRENT_TIMESTAMP);

-- the studio-wide sum of a day or month reads jobs by creation time across owners
CREATE INDEX generation_job_spend_idx ON generation_job (created_at);
