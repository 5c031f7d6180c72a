namespace DeAn06.Verification.Storage;

internal static class SqliteSchema
{
    public const string Script = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = NORMAL;
        CREATE TABLE IF NOT EXISTS jobs (
            number INTEGER PRIMARY KEY,
            public_id TEXT NOT NULL UNIQUE,
            sector TEXT NOT NULL,
            province TEXT NOT NULL,
            policy TEXT NOT NULL,
            format TEXT NOT NULL,
            status INTEGER NOT NULL,
            total INTEGER NOT NULL,
            rejected INTEGER NOT NULL,
            processed INTEGER NOT NULL,
            last_line INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            started_at INTEGER,
            completed_at INTEGER,
            idempotency_key TEXT,
            failure TEXT,
            not_compared TEXT);
        CREATE UNIQUE INDEX IF NOT EXISTS jobs_idempotency ON jobs (sector, idempotency_key) WHERE idempotency_key IS NOT NULL;
        CREATE TABLE IF NOT EXISTS job_records (
            job INTEGER NOT NULL,
            line INTEGER NOT NULL,
            id_text TEXT, name TEXT, birth_date TEXT, gender TEXT, reference TEXT,
            PRIMARY KEY (job, line)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS job_results (
            job INTEGER NOT NULL,
            line INTEGER NOT NULL,
            verdict TEXT NOT NULL,
            masked_id TEXT,
            name_level INTEGER, date_level INTEGER, gender_level INTEGER, cmnd_level INTEGER,
            differing INTEGER NOT NULL, id_rule INTEGER NOT NULL, score REAL NOT NULL,
            name_score REAL NOT NULL, date_score REAL NOT NULL, gender_score REAL NOT NULL, cmnd_score REAL NOT NULL,
            reference TEXT, candidates TEXT,
            PRIMARY KEY (job, line)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS stat_counts (
            sector TEXT NOT NULL, province TEXT NOT NULL, day TEXT NOT NULL, source TEXT NOT NULL, verdict TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (sector, province, day, source, verdict)) WITHOUT ROWID;
        -- The unit of batch work: a job's records from first_line to last_line, claimed under a lease.
        CREATE TABLE IF NOT EXISTS job_chunks (
            job INTEGER NOT NULL,
            first_line INTEGER NOT NULL,
            last_line INTEGER NOT NULL,
            size INTEGER NOT NULL,
            owner TEXT,
            lease_until INTEGER,
            done INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (job, first_line)) WITHOUT ROWID;
        -- Jobs queued or running in a database written before chunks existed: what is left of each is one chunk.
        INSERT OR IGNORE INTO job_chunks (job, first_line, last_line, size)
            SELECT r.job, min(r.line), max(r.line), count(*) FROM job_records r JOIN jobs j ON j.number = r.job
            WHERE j.status IN (1, 2) AND r.line > j.last_line AND NOT EXISTS (SELECT 1 FROM job_chunks c WHERE c.job = j.number)
            GROUP BY r.job;
        """;

    /// <summary>Columns added after the first release, for databases made before them (SQLite has no ADD COLUMN IF NOT EXISTS).</summary>
    public static IReadOnlyList<(string Table, string Column, string Definition)> Added { get; } =
    [
        ("jobs", "not_compared", "TEXT"),
    ];
}
