using System.Data.Common;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Storage;

/// <summary>Reads studies and trials (with their per-step values) from rows of any schema version this code knows.</summary>
internal static class DbTrialRows
{
    public const string StudyColumns = "id, name, direction, space_fingerprint, space_json, created_at";

    private const string CommonTrialColumns =
        "t.number, t.key, t.params_json, t.state, t.score, t.metrics_json, t.started_at, t.finished_at, t.heartbeat_at, t.error, t.worker_id";

    /// <summary>
    /// The current schema's trial columns as an UPDATE's RETURNING clause gives them, and whether the trial has
    /// per-step values (so a finish reads them only when there are some).
    /// </summary>
    private static readonly string ReturningColumns =
        $"{TrialColumns(DbSchema.Current).Replace("t.", "", StringComparison.Ordinal)}, {ValueCount("smt_trials")}";

    /// <summary>A column (after the trial columns) counting the per-step values of the trial row <paramref name="trial"/>.</summary>
    private static string ValueCount(string trial) =>
        $"(SELECT COUNT(*) FROM smt_trial_values v WHERE v.study_id = {trial}.study_id AND v.number = {trial}.number)";

    /// <summary>The trial columns of <paramref name="schemaVersion"/>: what version 1 lacks is read as its defaults.</summary>
    public static string TrialColumns(int schemaVersion) => schemaVersion switch
    {
        >= 4 => CommonTrialColumns + ", t.version, t.stale_after_ms, t.failure_kind, t.pruned_step, t.paused",
        >= 2 => CommonTrialColumns + ", t.version, t.stale_after_ms, t.failure_kind, t.pruned_step, 0",
        _ => CommonTrialColumns + $", 1, {(long)TrialReservation.DefaultStaleAfter.TotalMilliseconds}, NULL, NULL, 0",
    };

    public static async Task<StudyInfo?> FindStudyAsync(DbConnection connection, DbTransaction? tx, string name, CancellationToken cancellationToken)
    {
        using var command = DbSql.Command(connection, tx, $"SELECT {StudyColumns} FROM smt_studies WHERE name = @name", ("name", name));
        var studies = await ReadStudiesAsync(command, cancellationToken).ConfigureAwait(false);
        return studies.Count == 0 ? null : studies[0];
    }

    public static async Task<List<StudyInfo>> ReadStudiesAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var result = new List<StudyInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new StudyInfo(
                DbSql.ToLong(reader.GetValue(0)),
                reader.GetString(1),
                StorageJson.ParseDirection(reader.GetString(2)),
                reader.GetString(3),
                reader.GetString(4),
                StorageJson.FromUnixMs(DbSql.ToLong(reader.GetValue(5)))));
        }

        return result;
    }

    /// <summary>The per-step values (number, step, value) of the trials matching <paramref name="where"/> (over alias <c>t</c>).</summary>
    public static string ValuesSql(string where) =>
        "SELECT v.number, v.step, v.value FROM smt_trials t CROSS JOIN smt_trial_values v WHERE v.study_id = t.study_id AND v.number = t.number " +
        $"AND ({where}) ORDER BY t.number, v.step";

    /// <summary>The trials matching <paramref name="where"/> (over alias <c>t</c>), by number, with their per-step values.</summary>
    public static async Task<List<StoredTrial>> ReadAsync(DbConnection connection, DbTransaction? tx, int schemaVersion, string where, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var trials = new List<StoredTrial>();
        bool anyValues = false;
        using (var command = DbSql.Command(connection, tx, $"SELECT {TrialColumns(schemaVersion)}, {ValueCount("t")} FROM smt_trials t WHERE {where} ORDER BY t.number", parameters))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                trials.Add(ReadTrial(reader));
                anyValues |= DbSql.ToLong(reader.GetValue(TrialColumnCount)) > 0;
            }
        }

        if (!anyValues)
        {
            return trials; // no statement for per-step values when none of these trials has any
        }

        // Per-step values of exactly these trials, from the same transaction (so from the same snapshot). CROSS JOIN
        // makes SQLite start from the trials the condition selects (by its index) and look their values up: with a
        // plain JOIN it walked every value of the study to find them, and a refresh grew with the study (22 ms for
        // 5,000 trials of 15 reports; 0.03 ms this way). PostgreSQL plans it as any inner join.
        var byNumber = new Dictionary<int, List<IntermediateValue>>(trials.Count);
        using (var command = DbSql.Command(connection, tx, ValuesSql(where), parameters))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                int number = DbSql.ToInt(reader.GetValue(0));
                if (!byNumber.TryGetValue(number, out var values))
                {
                    byNumber[number] = values = new List<IntermediateValue>();
                }

                values.Add(new IntermediateValue(DbSql.ToInt(reader.GetValue(1)), reader.GetDouble(2)));
            }
        }

        if (byNumber.Count > 0)
        {
            for (int i = 0; i < trials.Count; i++)
            {
                if (byNumber.TryGetValue(trials[i].Number, out var values))
                {
                    trials[i] = trials[i] with { IntermediateValues = values };
                }
            }
        }

        return trials;
    }

    /// <summary>
    /// Runs <paramref name="update"/> (an UPDATE of one trial of study <paramref name="studyId"/>) and returns the row
    /// as it wrote it, with its per-step values; null when no row matched.
    /// </summary>
    public static async Task<StoredTrial?> UpdateReturningAsync(DbConnection connection, DbTransaction tx, long studyId, string update, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        StoredTrial trial;
        long values;
        using (var command = DbSql.Command(connection, tx, $"{update} RETURNING {ReturningColumns}", parameters))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            trial = ReadTrial(reader);
            values = DbSql.ToLong(reader.GetValue(TrialColumnCount));
        }

        if (values == 0)
        {
            return trial;
        }

        var list = new List<IntermediateValue>((int)values);
        using (var command = DbSql.Command(connection, tx, "SELECT step, value FROM smt_trial_values WHERE study_id = @id AND number = @number ORDER BY step", ("id", studyId), ("number", trial.Number)))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add(new IntermediateValue(DbSql.ToInt(reader.GetValue(0)), reader.GetDouble(1)));
            }
        }

        return trial with { IntermediateValues = list };
    }

    /// <summary>How many columns <see cref="TrialColumns"/> selects.</summary>
    public const int TrialColumnCount = 16;

    private static StoredTrial ReadTrial(DbDataReader reader) => ReadTrial(reader, 0);

    /// <summary>A trial from the <see cref="TrialColumns"/> that start at column <paramref name="at"/>.</summary>
    public static StoredTrial ReadTrial(DbDataReader reader, int at) => new()
    {
        Number = DbSql.ToInt(reader.GetValue(at)),
        Key = reader.GetString(at + 1),
        Params = StorageJson.ReadParams(reader.GetString(at + 2)),
        State = StorageJson.ParseState(reader.GetString(at + 3)),
        Score = reader.IsDBNull(at + 4) ? null : reader.GetDouble(at + 4),
        Metrics = StorageJson.ReadMetrics(reader.GetString(at + 5)),
        StartedAt = StorageJson.FromUnixMs(DbSql.ToLong(reader.GetValue(at + 6))),
        FinishedAt = reader.IsDBNull(at + 7) ? null : StorageJson.FromUnixMs(DbSql.ToLong(reader.GetValue(at + 7))),
        HeartbeatAt = reader.IsDBNull(at + 8) ? null : StorageJson.FromUnixMs(DbSql.ToLong(reader.GetValue(at + 8))),
        Error = reader.IsDBNull(at + 9) ? null : reader.GetString(at + 9),
        WorkerId = reader.IsDBNull(at + 10) ? null : reader.GetString(at + 10),
        Version = DbSql.ToLong(reader.GetValue(at + 11)),
        StaleAfter = TimeSpan.FromMilliseconds(DbSql.ToLong(reader.GetValue(at + 12))),
        FailureKind = reader.IsDBNull(at + 13) ? null : StorageJson.ParseFailureKind(reader.GetString(at + 13)),
        PrunedStep = reader.IsDBNull(at + 14) ? null : DbSql.ToInt(reader.GetValue(at + 14)),
        Paused = DbSql.ToLong(reader.GetValue(at + 15)) != 0,
    };
}
