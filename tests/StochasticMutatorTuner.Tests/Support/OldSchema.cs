using StochasticMutatorTuner.Storage;

namespace StochasticMutatorTuner.Tests.Support;

/// <summary>
/// A database as an older version wrote it: the migrations up to that version (migrations are only ever appended, so
/// these are that version's own statements) and rows in its columns: study "s" with a complete trial 0 (score 0.25,
/// values at steps 1 and 2) and trial 1 pruned at step 1.
/// </summary>
internal static class OldSchema
{
    public static IEnumerable<string> Statements(DbTypes types, int version)
    {
        yield return DbSchema.CreateMeta;
        foreach (var statement in DbSchema.Migrations(types).Take(version).SelectMany(m => m))
        {
            yield return statement;
        }

        yield return $"INSERT INTO smt_meta (key, value) VALUES ('{DbSchema.VersionKey}', '{version}')";
        yield return "INSERT INTO smt_studies (name, direction, space_fingerprint, space_json, created_at, revision, trial_count, budget_used) VALUES ('s', 'minimize', 'fp', '{}', 0, 2, 2, 2)";
        const string columns = "study_id, number, key, params_json, state, score, metrics_json, started_at, finished_at, heartbeat_at, error, worker_id, revision, version, stale_after_ms, failure_kind, pruned_step";
        yield return $"INSERT INTO smt_trials ({columns}) VALUES (1, 0, 'a', '{{}}', 'complete', 0.25, '{{}}', 1000, 2000, 2000, NULL, 'w', 1, 2, 60000, NULL, NULL)";
        yield return $"INSERT INTO smt_trials ({columns}) VALUES (1, 1, 'b', '{{}}', 'pruned', NULL, '{{}}', 1000, 3000, 3000, 'pruned at step 1', 'w', 2, 2, 60000, NULL, 1)";
        yield return "INSERT INTO smt_trial_values (study_id, number, step, value) VALUES (1, 0, 1, 0.5), (1, 0, 2, 0.3), (1, 1, 1, 0.9)";
    }

    /// <summary>The trials as the rows above hold them, in the fields a migration must not change.</summary>
    public static readonly (int Number, string State, double? Score, int? PrunedStep, bool Paused, int Values)[] Trials =
    [
        (0, "Complete", 0.25, null, false, 2),
        (1, "Pruned", null, 1, false, 1),
    ];

    public static (int Number, string State, double? Score, int? PrunedStep, bool Paused, int Values)[] Read(IEnumerable<StoredTrial> trials) =>
        trials.Select(t => (t.Number, t.State.ToString(), t.Score, t.PrunedStep, t.Paused, t.IntermediateValues.Count)).ToArray();
}
