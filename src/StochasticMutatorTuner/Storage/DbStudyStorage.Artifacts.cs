using StochasticMutatorTuner.Artifacts;

namespace StochasticMutatorTuner.Storage;

/// <summary>The artifact records of the database storages (schema 3): one row per trial and name, written once the file is.</summary>
public abstract partial class DbStudyStorage
{
    private const int ArtifactsSchema = 3;

    /// <inheritdoc />
    public async ValueTask RecordArtifactAsync(long studyId, ArtifactInfo artifact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        await WriteAsync(durable: true, async (connection, tx) =>
            await DbSql.ExecuteAsync(connection, tx,
                "INSERT INTO smt_artifacts (study_id, number, name, length, sha256, created_at, saved_by) VALUES (@id, @number, @name, @length, @sha, @created, @by) " +
                "ON CONFLICT (study_id, number, name) DO UPDATE SET length = excluded.length, sha256 = excluded.sha256, created_at = excluded.created_at, saved_by = excluded.saved_by",
                cancellationToken,
                ("id", studyId), ("number", artifact.TrialNumber), ("name", artifact.Name), ("length", artifact.Length), ("sha", artifact.Sha256),
                ("created", StorageJson.ToUnixMs(artifact.CreatedAt)), ("by", artifact.SavedBy)).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteArtifactAsync(long studyId, int number, string name, CancellationToken cancellationToken = default)
    {
        return await WriteAsync(durable: true, async (connection, tx) =>
            await DbSql.ExecuteAsync(connection, tx, "DELETE FROM smt_artifacts WHERE study_id = @id AND number = @number AND name = @name", cancellationToken,
                ("id", studyId), ("number", number), ("name", name)).ConfigureAwait(false) > 0,
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ArtifactInfo>> ListArtifactsAsync(long studyId, CancellationToken cancellationToken = default)
    {
        return await ReadAsync<IReadOnlyList<ArtifactInfo>>(async (connection, tx, version) =>
        {
            var artifacts = new List<ArtifactInfo>();
            if (version < ArtifactsSchema)
            {
                return artifacts; // an older database opened read-only: it has no artifacts
            }

            using var command = DbSql.Command(connection, tx,
                "SELECT number, name, length, sha256, created_at, saved_by FROM smt_artifacts WHERE study_id = @id", ("id", studyId));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                artifacts.Add(new ArtifactInfo(
                    DbSql.ToInt(reader.GetValue(0)),
                    reader.GetString(1),
                    DbSql.ToLong(reader.GetValue(2)),
                    reader.GetString(3),
                    StorageJson.FromUnixMs(DbSql.ToLong(reader.GetValue(4))),
                    reader.IsDBNull(5) ? null : reader.GetString(5)));
            }

            // Sorted here: the server's collation must not decide the order of names.
            artifacts.Sort((a, b) => a.TrialNumber != b.TrialNumber ? a.TrialNumber.CompareTo(b.TrialNumber) : string.CompareOrdinal(a.Name, b.Name));
            return artifacts;
        }, cancellationToken).ConfigureAwait(false);
    }
}
