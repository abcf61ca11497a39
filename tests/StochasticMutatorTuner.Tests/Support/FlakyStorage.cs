using StochasticMutatorTuner.Artifacts;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Tests.Support;

/// <summary>
/// A real storage behind a connection that fails: each call may throw a transient error before it reaches the
/// storage, or after the storage did the work (the answer is lost, as when a connection drops during a commit).
/// Seeded, so a failing run can be repeated.
/// </summary>
internal sealed class FlakyStorage(IStudyStorage inner, int seed, double failBefore = 0.2, double loseAnswer = 0.1) : ForwardingStorage(inner)
{
    private readonly Random _random = new(seed);
    private readonly object _gate = new();

    public int Failures { get; private set; }

    public override string Description => "flaky " + Inner.Description;

    public override ValueTask<StudyInfo> CreateOrOpenStudyAsync(StudyDefinition definition, CancellationToken cancellationToken = default) => Call(() => Inner.CreateOrOpenStudyAsync(definition, cancellationToken));

    public override ValueTask<StudyInfo?> FindStudyAsync(string name, CancellationToken cancellationToken = default) => Call(() => Inner.FindStudyAsync(name, cancellationToken));

    public override ValueTask<IReadOnlyList<StudyInfo>> ListStudiesAsync(CancellationToken cancellationToken = default) => Call(() => Inner.ListStudiesAsync(cancellationToken));

    public override ValueTask<ReservationResult> ReserveTrialAsync(long studyId, TrialReservation reservation, CancellationToken cancellationToken = default) => Call(() => Inner.ReserveTrialAsync(studyId, reservation, cancellationToken));

    public override ValueTask<StoredTrial> FinishTrialAsync(long studyId, int number, TrialOutcome outcome, CancellationToken cancellationToken = default) => Call(() => Inner.FinishTrialAsync(studyId, number, outcome, cancellationToken));

    public override ValueTask<StoredTrial?> ClaimPausedTrialAsync(long studyId, int number, int pausedStep, string workerId, DateTimeOffset now, TimeSpan staleAfter, CancellationToken cancellationToken = default) =>
        Call(() => Inner.ClaimPausedTrialAsync(studyId, number, pausedStep, workerId, now, staleAfter, cancellationToken));

    public override async ValueTask ReportIntermediateAsync(long studyId, int number, IntermediateValue value, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await Call(async () =>
        {
            await Inner.ReportIntermediateAsync(studyId, number, value, now, cancellationToken);
            return true;
        });

    public override ValueTask<IReadOnlyList<int>> HeartbeatAsync(long studyId, IReadOnlyList<int> numbers, DateTimeOffset now, CancellationToken cancellationToken = default) => Call(() => Inner.HeartbeatAsync(studyId, numbers, now, cancellationToken));

    public override ValueTask<IReadOnlyList<int>> FailStaleTrialsAsync(long studyId, DateTimeOffset now, CancellationToken cancellationToken = default) => Call(() => Inner.FailStaleTrialsAsync(studyId, now, cancellationToken));

    public override ValueTask<TrialChanges> GetTrialChangesAsync(long studyId, long cursor, CancellationToken cancellationToken = default) => Call(() => Inner.GetTrialChangesAsync(studyId, cursor, cancellationToken));

    public override async ValueTask RecordArtifactAsync(long studyId, ArtifactInfo artifact, CancellationToken cancellationToken = default) =>
        await Call(async () =>
        {
            await Inner.RecordArtifactAsync(studyId, artifact, cancellationToken);
            return true;
        });

    public override ValueTask<bool> DeleteArtifactAsync(long studyId, int number, string name, CancellationToken cancellationToken = default) => Call(() => Inner.DeleteArtifactAsync(studyId, number, name, cancellationToken));

    public override ValueTask<IReadOnlyList<ArtifactInfo>> ListArtifactsAsync(long studyId, CancellationToken cancellationToken = default) => Call(() => Inner.ListArtifactsAsync(studyId, cancellationToken));

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
