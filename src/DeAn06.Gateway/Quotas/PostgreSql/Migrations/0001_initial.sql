-- The gateways' daily batch quota, shared by a cluster's gateways: one row per consumer and day
-- (Vietnam time), counting jobs accepted and uploads still running. A row is taken with one
-- INSERT … ON CONFLICT DO UPDATE … WHERE used < limit, which PostgreSQL runs under the row's lock, so
-- parallel submissions on any gateway cannot all pass the check.
CREATE TABLE batch_quota.days (
    client text NOT NULL,
    day date NOT NULL,
    used integer NOT NULL CHECK (used >= 0),
    PRIMARY KEY (client, day)
);
