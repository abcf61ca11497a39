namespace StochasticMutatorTuner.Storage;

/// <summary>A request to reserve a config for evaluation.</summary>
/// <param name="Key">The config key text.</param>
/// <param name="Params">The active parameters' names and canonical values.</param>
/// <param name="WorkerId">The reserving worker.</param>
/// <param name="Now">The reservation time (UTC).</param>
/// <param name="MaxTrials">
/// When set, the reservation is refused (<see cref="ReservationStatus.StudyFull"/>) if the study already holds this
/// many trials that count toward the budget (running, complete and pruned ones; failed ones do not); checked
/// atomically with the insert.
/// </param>
public sealed record TrialReservation(string Key, IReadOnlyList<KeyValuePair<string, string>> Params, string WorkerId, DateTimeOffset Now, int? MaxTrials = null)
{
    /// <summary>The stale timeout of trials reserved without one (and of trials stored before timeouts were stored).</summary>
    public static readonly TimeSpan DefaultStaleAfter = TimeSpan.FromMinutes(2);

    /// <summary>How long the trial may go without a heartbeat before any worker may fail it as stale.</summary>
    public TimeSpan StaleAfter { get; init; } = DefaultStaleAfter;
}
