using StochasticMutatorTuner.Artifacts;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Tests.Support;

/// <summary>
/// A real storage behind a connection that fails: each call may throw a transient error before it reaches the
/// storage, or after the storage did the work (the answer is lost, as when a connection drops during a commit).
/// Seeded, so a failing run can be repeated.
/// </summary>
internal sealed class FlakyStorage(IStudyStorage inner, int seed, double failBefore = 0.2, double loseAnswer = 0.1) : IStudyStorage
{
    private readonly Random _random = new(seed);
    private readonly object _gate = new();

    public int Failures { get; private set; }

    public string Description => "flaky " + inner.Description;

    public bool IsReadOnly => inner.IsReadOnly;

    public ValueTask<StudyInfo> CreateOrOpenStudyAsync(StudyDefinition definition, CancellationToken cancellationToken = default) => Call(() => inner.CreateOrOpenStudyAsync(definition, cancellationToken));

    public ValueTask UpdateStudySpaceAsync(long studyId, string spaceFingerprint, string spaceJson, CancellationToken cancellationToken = default) => inner.UpdateStudySpaceAsync(studyId, spaceFingerprint, spaceJson, cancellationToken);

    public ValueTask<StudyInfo?> FindStudyAsync(string name, CancellationToken cancellationToken = default) => Call(() => inner.FindStudyAsync(name, cancellationToken));

    public ValueTask<IReadOnlyList<StudyInfo>> ListStudiesAsync(CancellationToken cancellationToken = default) => Call(() => inner.ListStudiesAsync(cancellationToken));

    public ValueTask<bool> DeleteStudyAsync(string name, CancellationToken cancellationToken = default) => inner.DeleteStudyAsync(name, cancellationToken);

    public ValueTask<ReservationResult> ReserveTrialAsync(long studyId, TrialReservation reservation, CancellationToken cancellationToken = default) => Call(() => inner.ReserveTrialAsync(studyId, reservation, cancellationToken));

    public ValueTask<StoredTrial> FinishTrialAsync(long studyId, int number, TrialOutcome outcome, CancellationToken cancellationToken = default) => Call(() => inner.FinishTrialAsync(studyId, number, outcome, cancellationToken));

    public async ValueTask ReportIntermediateAsync(long studyId, int number, IntermediateValue value, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await Call(async () =>
        {
            await inner.ReportIntermediateAsync(studyId, number, value, now, cancellationToken);
            return true;
        });

    public ValueTask<IReadOnlyList<int>> HeartbeatAsync(long studyId, IReadOnlyList<int> numbers, DateTimeOffset now, CancellationToken cancellationToken = default) => Call(() => inner.HeartbeatAsync(studyId, numbers, now, cancellationToken));

    public ValueTask<IReadOnlyList<int>> FailStaleTrialsAsync(long studyId, DateTimeOffset now, CancellationToken cancellationToken = default) => Call(() => inner.FailStaleTrialsAsync(studyId, now, cancellationToken));

    public ValueTask<TrialChanges> GetTrialChangesAsync(long studyId, long cursor, CancellationToken cancellationToken = default) => Call(() => inner.GetTrialChangesAsync(studyId, cursor, cancellationToken));

    public async ValueTask RecordArtifactAsync(long studyId, ArtifactInfo artifact, CancellationToken cancellationToken = default) =>
        await Call(async () =>
        {
            await inner.RecordArtifactAsync(studyId, artifact, cancellationToken);
            return true;
        });

    public ValueTask<bool> DeleteArtifactAsync(long studyId, int number, string name, CancellationToken cancellationToken = default) => Call(() => inner.DeleteArtifactAsync(studyId, number, name, cancellationToken));

    public ValueTask<IReadOnlyList<ArtifactInfo>> ListArtifactsAsync(long studyId, CancellationToken cancellationToken = default) => Call(() => inner.ListArtifactsAsync(studyId, cancellationToken));

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private async ValueTask<T> Call<T>(Func<ValueTask<T>> call)
    {
        double draw;
        lock (_gate)
        {
            draw = _random.NextDouble();
        }

        if (draw < failBefore)
        {
            throw Transient("the connection was refused");
        }

        var result = await call();
        if (draw < failBefore + loseAnswer)
        {
            throw Transient("the connection dropped before the answer arrived");
        }

        return result;
    }

    private StudyStorageException Transient(string what)
    {
        lock (_gate)
        {
            Failures++;
        }

        return new StudyStorageException($"{Description}: {what}.", isTransient: true);
    }
}
