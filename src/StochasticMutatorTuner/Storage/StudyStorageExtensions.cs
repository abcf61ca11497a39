namespace StochasticMutatorTuner.Storage;

/// <summary>Conveniences over <see cref="IStudyStorage"/>.</summary>
public static class StudyStorageExtensions
{
    /// <summary>Every trial of the study, by number, from one snapshot.</summary>
    public static async ValueTask<IReadOnlyList<StoredTrial>> GetTrialsAsync(this IStudyStorage storage, long studyId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return (await storage.GetTrialChangesAsync(studyId, 0, cancellationToken).ConfigureAwait(false)).Trials;
    }
}
