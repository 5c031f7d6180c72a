-- Jobs, their records and results, the chunks they are worked in, and the statistics.
-- Times are timestamptz; the claim and lease columns live on job_chunks (see docs/verification.md).
CREATE TABLE jobs (
    number bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id text NOT NULL UNIQUE,
    sector text NOT NULL,
    province text NOT NULL,
    policy text NOT NULL,
    format text NOT NULL,
    status smallint NOT NULL,
    total bigint NOT NULL DEFAULT 0,
    rejected bigint NOT NULL DEFAULT 0,
    processed bigint NOT NULL DEFAULT 0,
    last_line bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL,
    -- Uploads: when the last chunk of records arrived (an upload silent for long was cut off by a crash).
    upload_seen_at timestamptz NOT NULL,
    started_at timestamptz,
    completed_at timestamptz,
    idempotency_key text,
    failure text);
CREATE UNIQUE INDEX jobs_idempotency ON jobs (sector, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX jobs_active ON jobs (number) WHERE status IN (0, 1, 2);

CREATE TABLE job_records (
    job bigint NOT NULL,
    line bigint NOT NULL,
    id_text text, name text, birth_date text, gender text, reference text,
    PRIMARY KEY (job, line));

CREATE TABLE job_results (
    job bigint NOT NULL,
    line bigint NOT NULL,
    verdict text NOT NULL,
    masked_id text,
    name_level smallint, date_level smallint, gender_level smallint, cmnd_level smallint,
    differing integer NOT NULL, id_rule integer NOT NULL, score real NOT NULL,
    name_score real NOT NULL, date_score real NOT NULL, gender_score real NOT NULL, cmnd_score real NOT NULL,
    reference text, candidates text,
    PRIMARY KEY (job, line));

CREATE TABLE job_chunks (
    job bigint NOT NULL,
    first_line bigint NOT NULL,
    last_line bigint NOT NULL,
    size integer NOT NULL,
    owner text,
    lease_until timestamptz,
    done_at timestamptz,
    PRIMARY KEY (job, first_line));
-- What claiming scans: the chunks still to do.
CREATE INDEX job_chunks_pending ON job_chunks (job, first_line) WHERE done_at IS NULL;

CREATE TABLE stat_counts (
    sector text NOT NULL, province text NOT NULL, day text NOT NULL, source text NOT NULL, verdict text NOT NULL,
    count bigint NOT NULL,
    PRIMARY KEY (sector, province, day, source, verdict));
