-- The gateways' message log, in a schema of its own so it can share a database with the verification
-- service. Every gateway node keeps its own chain: entries and seals are keyed by node. Columns and
-- values are those of the SQLite log (MessageLogStore), so the same verifier checks both.
CREATE TABLE message_log.nodes (
    node text PRIMARY KEY,
    requester text NOT NULL,
    first_started_at timestamptz NOT NULL,
    last_started_at timestamptz NOT NULL
);

CREATE TABLE message_log.entries (
    node text NOT NULL REFERENCES message_log.nodes (node),
    seq bigint NOT NULL,
    time bigint NOT NULL,
    request_id text NOT NULL,
    client text,
    service text,
    method text NOT NULL,
    path text NOT NULL,
    status integer NOT NULL,
    latency_ms double precision NOT NULL,
    request_sha256 text NOT NULL,
    request_bytes bigint NOT NULL,
    response_sha256 text NOT NULL,
    response_bytes bigint NOT NULL,
    prev_hash text NOT NULL,
    entry_hash text NOT NULL,
    -- A signature is either compacted (bytea, see StoredSignature) or kept as text, never both.
    request_signature text,
    request_signature_compact bytea,
    response_signature text,
    response_signature_compact bytea,
    -- One chain per node: a second writer with the same node id cannot fork it.
    PRIMARY KEY (node, seq)
);

-- Signers' certificates, stored once and shared by every node's entries (content-addressed).
CREATE TABLE message_log.certificates (
    sha256 bytea PRIMARY KEY,
    der bytea NOT NULL
);

CREATE TABLE message_log.seals (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    node text NOT NULL REFERENCES message_log.nodes (node),
    seq bigint NOT NULL,
    entry_hash text NOT NULL,
    sealed_at bigint NOT NULL,
    kid text NOT NULL,
    public_key text NOT NULL,
    signature text NOT NULL,
    certificate bytea,
    timestamp bytea
);

CREATE INDEX seals_by_node ON message_log.seals (node, id);
