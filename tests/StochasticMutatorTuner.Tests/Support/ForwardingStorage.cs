using StochasticMutatorTuner.Artifacts;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Tests.Support;

/// <summary>
/// A real storage behind a layer a test can bend: every call goes to <paramref name="inner"/> unless a derived test
/// storage overrides it (to fail, lose an answer, or hang).
/// </summary>
internal abstract class ForwardingStorage(IStudyStorage inner) : IStudyStorage
{
    protected IStudyStorage Inner { get; } = inner;

    public virtual string Description => Inner.Description;

    public bool IsReadOnly => Inner.IsReadOnly;

    public virtual ValueTask<StudyInfo> CreateOrOpenStudyAsync(StudyDefinition definition, CancellationToken cancellationToken = default) => Inner.CreateOrOpenStudyAsync(definition, cancellationToken);

    public virtual ValueTask UpdateStudySpaceAsync(long studyId, string spaceFingerprint, string spaceJson, CancellationToken cancellationToken = default) => Inner.UpdateStudySpaceAsync(studyId, spaceFingerprint, spaceJson, cancellationToken);

    public virtual ValueTask<StudyInfo?> FindStudyAsync(string name, CancellationToken cancellationToken = default) => Inner.FindStudyAsync(name, cancellationToken);

    public virtual ValueTask<IReadOnlyList<StudyInfo>> ListStudiesAsync(CancellationToken cancellationToken = default) => Inner.ListStudiesAsync(cancellationToken);

    public virtual ValueTask<bool> DeleteStudyAsync(string name, CancellationToken cancellationToken = default) => Inner.DeleteStudyAsync(name, cancellationToken);

    public virtual ValueTask<ReservationResult> ReserveTrialAsync(long studyId, TrialReservation reservation, CancellationToken cancellationToken = default) => Inner.ReserveTrialAsync(studyId, reservation, cancellationToken);

    public virtual ValueTask<StoredTrial> FinishTrialAsync(long studyId, int number, TrialOutcome outcome, CancellationToken cancellationToken = default) => Inner.FinishTrialAsync(studyId, number, outcome, cancellationToken);

    public virtual ValueTask<StoredTrial?> ClaimPausedTrialAsync(long studyId, int number, int pausedStep, string workerId, DateTimeOffset now, TimeSpan staleAfter, CancellationToken cancellationToken = default) => Inner.ClaimPausedTrialAsync(studyId, number, pausedStep, workerId, now, staleAfter, cancellationToken);

    public virtual ValueTask ReportIntermediateAsync(long studyId, int number, IntermediateValue value, DateTimeOffset now, CancellationToken cancellationToken = default) => Inner.ReportIntermediateAsync(studyId, number, value, now, cancellationToken);

    public virtual ValueTask<IReadOnlyList<int>> HeartbeatAsync(long studyId, IReadOnlyList<int> numbers, DateTimeOffset now, CancellationToken cancellationToken = default) => Inner.HeartbeatAsync(studyId, numbers, now, cancellationToken);

    public virtual ValueTask<IReadOnlyList<int>> FailStaleTrialsAsync(long studyId, DateTimeOffset now, CancellationToken cancellationToken = default) => Inner.FailStaleTrialsAsync(studyId, now, cancellationToken);

    public virtual ValueTask<TrialChanges> GetTrialChangesAsync(long studyId, long cursor, CancellationToken cancellationToken = default) => Inner.GetTrialChangesAsync(studyId, cursor, cancellationToken);

    public virtual ValueTask RecordArtifactAsync(long studyId, ArtifactInfo artifact, CancellationToken cancellationToken = default) => Inner.RecordArtifactAsync(studyId, artifact, cancellationToken);

    public virtual ValueTask<bool> DeleteArtifactAsync(long studyId, int number, string name, CancellationToken cancellationToken = default) => Inner.DeleteArtifactAsync(studyId, number, name, cancellationToken);

    public virtual ValueTask<IReadOnlyList<ArtifactInfo>> ListArtifactsAsync(long studyId, CancellationToken cancellationToken = default) => Inner.ListArtifactsAsync(studyId, cancellationToken);

    public virtual ValueTask DisposeAsync() => Inner.DisposeAsync();

    public virtual ValueTask FlushAsync(CancellationToken cancellationToken = default) => Inner.FlushAsync(cancellationToken);
}
