using StochasticMutatorTuner.Artifacts;

namespace StochasticMutatorTuner.Storage;

/// <summary>The artifact records of the in-memory storage, under the same lock as everything else.</summary>
public sealed partial class InMemoryStudyStorage
{
    private readonly Dictionary<long, SortedDictionary<(int Number, string Name), ArtifactInfo>> _artifacts = new();

    /// <inheritdoc />
    public ValueTask RecordArtifactAsync(long studyId, ArtifactInfo artifact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        lock (_gate)
        {
            _ = Get(studyId);
            if (!_artifacts.TryGetValue(studyId, out var artifacts))
            {
                _artifacts[studyId] = artifacts = new SortedDictionary<(int, string), ArtifactInfo>(ArtifactOrder.Instance);
            }

            artifacts[(artifact.TrialNumber, artifact.Name)] = artifact;
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<bool> DeleteArtifactAsync(long studyId, int number, string name, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_artifacts.TryGetValue(studyId, out var artifacts) && artifacts.Remove((number, name)));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ArtifactInfo>> ListArtifactsAsync(long studyId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _ = Get(studyId);
            return ValueTask.FromResult<IReadOnlyList<ArtifactInfo>>(_artifacts.TryGetValue(studyId, out var artifacts) ? artifacts.Values.ToList() : new List<ArtifactInfo>());
        }
    }

    /// <summary>By trial number, then name in ordinal order (as the databases sort them).</summary>
    private sealed class ArtifactOrder : IComparer<(int Number, string Name)>
    {
        public static readonly ArtifactOrder Instance = new();

        public int Compare((int Number, string Name) x, (int Number, string Name) y) =>
            x.Number != y.Number ? x.Number.CompareTo(y.Number) : string.CompareOrdinal(x.Name, y.Name);
    }
}
