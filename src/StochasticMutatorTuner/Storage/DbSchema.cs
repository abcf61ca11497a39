using System.Data.Common;
using System.Globalization;

namespace StochasticMutatorTuner.Storage;

/// <summary>
/// The tables of the database storages and how each schema version is reached: a new database is created at
/// version 1 and migrated like an old one, so every migration runs on every fresh database too.
/// </summary>
/// <remarks>
/// Version 1: studies, trials (with a change counter), per-step values. Version 2: dense trial numbers and the
/// budget counted on the study row; a per-trial write version, stale timeout, failure kind and pruned step; an index
/// of running trials. Version 3: the artifacts trials saved (their files live in an artifact folder). Version 4: the
/// <c>paused</c> flag of a pruned trial that may be promoted (claimed and resumed), 0 for every older trial. To add version N: raise <see cref="Current"/>, add its statements to <see cref="Migrations"/>,
/// and its columns to <see cref="DbTrialRows"/> (with the value an older schema reads as).
/// </remarks>
internal static class DbSchema
{
    /// <summary>The schema version this code writes. Older databases are migrated on open (or read as they are, read-only); newer ones are refused.</summary>
    public const int Current = 4;

    /// <summary>The key of the version row in <c>smt_meta</c>.</summary>
    public const string VersionKey = "schema_version";

    /// <summary>Creates the meta table; safe to run again.</summary>
    public const string CreateMeta = "CREATE TABLE IF NOT EXISTS smt_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)";

    /// <summary>The statements that take a database from version <c>index</c> to <c>index + 1</c>, in a dialect's types.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Migrations(DbTypes types) => new IReadOnlyList<string>[]
    {
        // 0 → 1
        new[]
        {
            $"CREATE TABLE smt_studies (id {types.Identity}, name TEXT NOT NULL UNIQUE, direction TEXT NOT NULL, space_fingerprint TEXT NOT NULL, space_json TEXT NOT NULL, created_at {types.BigInt} NOT NULL, revision {types.BigInt} NOT NULL)",
            $"CREATE TABLE smt_trials (study_id {types.BigInt} NOT NULL REFERENCES smt_studies (id), number INTEGER NOT NULL, key TEXT NOT NULL, params_json TEXT NOT NULL, state TEXT NOT NULL, score {types.Real}, metrics_json TEXT NOT NULL, started_at {types.BigInt} NOT NULL, finished_at {types.BigInt}, heartbeat_at {types.BigInt}, error TEXT, worker_id TEXT, revision {types.BigInt} NOT NULL, PRIMARY KEY (study_id, number), UNIQUE (study_id, key))",
            "CREATE INDEX smt_trials_revision ON smt_trials (study_id, revision)",
            $"CREATE TABLE smt_trial_values (study_id {types.BigInt} NOT NULL, number INTEGER NOT NULL, step INTEGER NOT NULL, value {types.Real} NOT NULL, PRIMARY KEY (study_id, number, step))",
        },

        // 1 → 2
        new[]
        {
            $"ALTER TABLE smt_studies ADD COLUMN trial_count {types.BigInt} NOT NULL DEFAULT 0",
            $"ALTER TABLE smt_studies ADD COLUMN budget_used {types.BigInt} NOT NULL DEFAULT 0",
            "UPDATE smt_studies SET trial_count = (SELECT COUNT(*) FROM smt_trials t WHERE t.study_id = smt_studies.id), " +
            "budget_used = (SELECT COUNT(*) FROM smt_trials t WHERE t.study_id = smt_studies.id AND t.state <> 'failed')",
            $"ALTER TABLE smt_trials ADD COLUMN version {types.BigInt} NOT NULL DEFAULT 1",
            $"ALTER TABLE smt_trials ADD COLUMN stale_after_ms {types.BigInt} NOT NULL DEFAULT {(long)TrialReservation.DefaultStaleAfter.TotalMilliseconds}",
            "ALTER TABLE smt_trials ADD COLUMN failure_kind TEXT",
            "ALTER TABLE smt_trials ADD COLUMN pruned_step INTEGER",
            "UPDATE smt_trials SET failure_kind = CASE WHEN error = 'cancelled' THEN 'cancelled' WHEN error LIKE 'stale:%' THEN 'stale' ELSE 'error' END WHERE state = 'failed'",
            "CREATE INDEX smt_trials_running ON smt_trials (study_id) WHERE state = 'running'",
        },

        // 2 → 3
        new[]
        {
            $"CREATE TABLE smt_artifacts (study_id {types.BigInt} NOT NULL, number INTEGER NOT NULL, name TEXT NOT NULL, length {types.BigInt} NOT NULL, sha256 TEXT NOT NULL, created_at {types.BigInt} NOT NULL, saved_by TEXT, PRIMARY KEY (study_id, number, name))",
        },

        // 3 → 4: the state of a paused trial stays 'pruned', so a reader of version 3 (or one that ignores the flag)
        // sees a pruned trial, which it is until some worker claims it. Nothing older was paused.
        new[]
        {
            "ALTER TABLE smt_trials ADD COLUMN paused INTEGER NOT NULL DEFAULT 0",
        },
    };

    /// <summary>The stored version: 0 when the database has no tables of ours.</summary>
    public static async Task<int> ReadVersionAsync(DbConnection connection, DbTransaction? tx, Func<Exception, bool> isMissingTable, CancellationToken cancellationToken)
    {
        try
        {
            using var read = DbSql.Command(connection, tx, "SELECT value FROM smt_meta WHERE key = @key", ("key", VersionKey));
            var found = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return found is null or DBNull ? 0 : int.Parse((string)found, CultureInfo.InvariantCulture);
        }
        catch (DbException ex) when (isMissingTable(ex))
        {
            return 0;
        }
    }

    /// <summary>Migrates from <paramref name="from"/> to <see cref="Current"/> inside <paramref name="tx"/> (which holds the schema lock).</summary>
    public static async Task MigrateAsync(DbConnection connection, DbTransaction tx, int from, DbTypes types, CancellationToken cancellationToken)
    {
        await DbSql.ExecuteAsync(connection, tx, CreateMeta, cancellationToken).ConfigureAwait(false);
        var migrations = Migrations(types);
        for (int version = from; version < Current; version++)
        {
            foreach (var statement in migrations[version])
            {
                await DbSql.ExecuteAsync(connection, tx, statement, cancellationToken).ConfigureAwait(false);
            }
        }

        await DbSql.ExecuteAsync(connection, tx,
            "INSERT INTO smt_meta (key, value) VALUES (@key, @v) ON CONFLICT (key) DO UPDATE SET value = @v",
            cancellationToken, ("key", VersionKey), ("v", Current.ToString(CultureInfo.InvariantCulture))).ConfigureAwait(false);
    }
}
