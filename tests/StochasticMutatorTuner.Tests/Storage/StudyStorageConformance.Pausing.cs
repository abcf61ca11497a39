using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Tests.Support;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Tests.Storage;

/// <summary>
/// Paused trials: the one exception to "a finished trial never changes again". A trial pruned as paused is claimed
/// by exactly one worker, runs again with its per-step values kept, and finishes like any running trial.
/// </summary>
public abstract partial class StudyStorageConformance
{
    private static TrialOutcome Paused(int step) => TrialOutcome.Pruned(step, null, DateTimeOffset.UtcNow, paused: true);

    private async Task<StoredTrial> PausedTrialAsync(long studyId, string key, int step, int? maxTrials = null)
    {
        var trial = (await Storage.ReserveTrialAsync(studyId, Reservation(key, maxTrials))).Trial!;
        for (int s = 1; s <= step; s++)
        {
            await Storage.ReportIntermediateAsync(studyId, trial.Number, new IntermediateValue(s, 10.0 / s), DateTimeOffset.UtcNow);
        }

        return await Storage.FinishTrialAsync(studyId, trial.Number, Paused(step));
    }

    [Fact]
    public async Task A_paused_trial_is_stored_as_pruned_with_its_flag_and_the_change_feed_returns_it()
    {
        var study = await Storage.CreateOrOpenStudyAsync(Definition(UniqueName()));
        var before = await Storage.GetTrialChangesAsync(study.Id, 0);
        var paused = await PausedTrialAsync(study.Id, "paused", 3);
        var stopped = (await Storage.ReserveTrialAsync(study.Id, Reservation("stopped"))).Trial!;
        await Storage.FinishTrialAsync(study.Id, stopped.Number, TrialOutcome.Pruned(2, null, DateTimeOffset.UtcNow));

        Assert.Equal((TrialState.Pruned, 3, true, "paused at step 3"), (paused.State, paused.PrunedStep, paused.Paused, paused.Error));
        var changed = await Storage.GetTrialChangesAsync(study.Id, before.Cursor);
        var read = changed.Trials.Single(t => t.Number == paused.Number);
        Assert.Equal((TrialState.Pruned, 3, true, 3), (read.State, read.PrunedStep, read.Paused, read.IntermediateValues.Count));
        Assert.False(changed.Trials.Single(t => t.Number == stopped.Number).Paused);
        Assert.Equal(new[] { true, false }, (await Storage.GetTrialsAsync(study.Id)).Select(t => t.Paused));
    }

    [Fact]
    public async Task Only_a_paused_trial_at_its_pause_step_can_be_claimed()
    {
        var study = await Storage.CreateOrOpenStudyAsync(Definition(UniqueName()));
        var paused = await PausedTrialAsync(study.Id, "paused", 3);
        var stopped = (await Storage.ReserveTrialAsync(study.Id, Reservation("stopped"))).Trial!;
        await Storage.FinishTrialAsync(study.Id, stopped.Number, TrialOutcome.Pruned(3, null, DateTimeOffset.UtcNow));
        var complete = (await Storage.ReserveTrialAsync(study.Id, Reservation("complete"))).Trial!;
        await Storage.FinishTrialAsync(study.Id, complete.Number, Complete(1));
        var running = (await Storage.ReserveTrialAsync(study.Id, Reservation("running"))).Trial!;
        var now = DateTimeOffset.UtcNow;

        Assert.Null(await Storage.ClaimPausedTrialAsync(study.Id, stopped.Number, 3, "w2", now, TimeSpan.FromMinutes(1)));
        Assert.Null(await Storage.ClaimPausedTrialAsync(study.Id, complete.Number, 3, "w2", now, TimeSpan.FromMinutes(1)));
        Assert.Null(await Storage.ClaimPausedTrialAsync(study.Id, running.Number, 3, "w2", now, TimeSpan.FromMinutes(1)));
        Assert.Null(await Storage.ClaimPausedTrialAsync(study.Id, paused.Number, 2, "w2", now, TimeSpan.FromMinutes(1))); // a pause it is not in
        Assert.Null(await Storage.ClaimPausedTrialAsync(study.Id, 99, 3, "w2", now, TimeSpan.FromMinutes(1)));
        var stored = await Storage.GetTrialsAsync(study.Id);
        Assert.Equal(new[] { TrialState.Pruned, TrialState.Pruned, TrialState.Complete, TrialState.Running }, stored.Select(t => t.State));
        Assert.True(stored[paused.Number].Paused);
    }

    [Fact]
    public async Task Of_concurrent_claims_of_one_pause_exactly_one_wins_and_the_budget_is_unchanged()
    {
        var study = await Storage.CreateOrOpenStudyAsync(Definition(UniqueName()));
        var paused = await PausedTrialAsync(study.Id, "paused", 2, maxTrials: 1);
        var handles = Enumerable.Range(0, 16).Select(i => i % 2 == 0 ? Storage : Another()).ToArray();

        var claims = await Task.WhenAll(handles.Select((h, i) =>
            Task.Run(() => h.ClaimPausedTrialAsync(study.Id, paused.Number, 2, $"claimer-{i}", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(7)).AsTask())));

        var won = Assert.Single(claims, c => c is not null)!;
        int winner = Array.IndexOf(claims, won);
        Assert.Equal((TrialState.Running, false, (int?)null, (string?)null, $"claimer-{winner}"), (won.State, won.Paused, won.PrunedStep, won.Error, won.WorkerId));
        Assert.Equal(new[] { 1, 2 }, won.IntermediateValues.Select(v => v.Step));
        Assert.Equal(TimeSpan.FromMinutes(7), won.StaleAfter);
        Assert.True(won.Version > paused.Version);
        Assert.Null(won.FinishedAt);
        var stored = (await Storage.GetTrialsAsync(study.Id)).Single();
        Assert.Equal((TrialState.Running, $"claimer-{winner}", won.Version), (stored.State, stored.WorkerId, stored.Version));

        // The pruned trial held its place in the budget and the running one holds it still.
        Assert.Equal(ReservationStatus.StudyFull, (await Storage.ReserveTrialAsync(study.Id, Reservation("more", maxTrials: 1))).Status);
    }

    [Fact]
    public async Task A_claimed_trial_reports_and_finishes_like_any_running_trial_and_may_pause_again()
    {
        var study = await Storage.CreateOrOpenStudyAsync(Definition(UniqueName()));
        var paused = await PausedTrialAsync(study.Id, "paused", 2);
        var cursor = (await Storage.GetTrialChangesAsync(study.Id, 0)).Cursor;
        var now = DateTimeOffset.UtcNow;

        var claimed = await Storage.ClaimPausedTrialAsync(study.Id, paused.Number, 2, "w2", now, TimeSpan.FromMinutes(1));
        Assert.NotNull(claimed);
        var afterClaim = await Storage.GetTrialChangesAsync(study.Id, cursor);
        Assert.Equal((TrialState.Running, claimed!.Version), (afterClaim.Trials.Single().State, afterClaim.Trials.Single().Version));

        await Storage.ReportIntermediateAsync(study.Id, paused.Number, new IntermediateValue(2, 42), now); // a step before the pause: ignored
        await Storage.ReportIntermediateAsync(study.Id, paused.Number, new IntermediateValue(3, 3), now);
        await Storage.ReportIntermediateAsync(study.Id, paused.Number, new IntermediateValue(4, 4), now);
        Assert.Empty(await Storage.HeartbeatAsync(study.Id, new[] { paused.Number }, now));
        var again = await Storage.FinishTrialAsync(study.Id, paused.Number, Paused(4));
        Assert.Equal((TrialState.Pruned, 4, true), (again.State, again.PrunedStep, again.Paused));
        Assert.Equal(new IntermediateValue[] { new(1, 10), new(2, 5), new(3, 3), new(4, 4) }, again.IntermediateValues);

        Assert.Null(await Storage.ClaimPausedTrialAsync(study.Id, paused.Number, 2, "w3", now, TimeSpan.FromMinutes(1))); // the old pause is gone
        Assert.NotNull(await Storage.ClaimPausedTrialAsync(study.Id, paused.Number, 4, "w3", now, TimeSpan.FromMinutes(1)));
        var complete = await Storage.FinishTrialAsync(study.Id, paused.Number, Complete(0.5));
        Assert.Equal((TrialState.Complete, 0.5, false, (int?)null), (complete.State, complete.Score, complete.Paused, complete.PrunedStep));
        Assert.Null(await Storage.ClaimPausedTrialAsync(study.Id, paused.Number, 4, "w4", now, TimeSpan.FromMinutes(1)));
        var last = await Storage.GetTrialChangesAsync(study.Id, afterClaim.Cursor);
        Assert.Equal((TrialState.Complete, complete.Version), (last.Trials.Single().State, last.Trials.Single().Version));
    }

    [Fact]
    public async Task A_claimed_trial_whose_worker_goes_silent_fails_as_stale_and_gives_its_budget_back()
    {
        // The simple rule: a promoted trial is a running trial; its pause is not given back (its checkpoint may be
        // ahead of its stored values, and a stale trial is failed the same everywhere).
        var study = await Storage.CreateOrOpenStudyAsync(Definition(UniqueName()));
        var paused = await PausedTrialAsync(study.Id, "paused", 2, maxTrials: 1);
        var old = DateTimeOffset.UtcNow.AddMinutes(-10);
        Assert.NotNull(await Storage.ClaimPausedTrialAsync(study.Id, paused.Number, 2, "dead", old, TimeSpan.FromMinutes(1)));

        Assert.Equal(new[] { paused.Number }, await Storage.FailStaleTrialsAsync(study.Id, DateTimeOffset.UtcNow));

        var stale = (await Storage.GetTrialsAsync(study.Id)).Single();
        Assert.Equal((TrialState.Failed, TrialFailureKind.Stale, false), (stale.State, stale.FailureKind, stale.Paused));
        Assert.Equal(old.ToUnixTimeMilliseconds(), stale.FinishedAt!.Value.ToUnixTimeMilliseconds());
        Assert.Null(await Storage.ClaimPausedTrialAsync(study.Id, paused.Number, 2, "w2", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1)));
        Assert.Equal(ReservationStatus.Created, (await Storage.ReserveTrialAsync(study.Id, Reservation("next", maxTrials: 1))).Status);
    }

    [Fact]
    public async Task Of_concurrent_claims_of_one_pause_through_one_view_by_one_worker_exactly_one_wins()
    {
        // The slots of one worker share its view and its worker id: a claim that found the trial taken must not
        // mistake another slot's claim of the same millisecond for its own.
        var study = await Study.OpenAsync(Storage, UniqueName("claims"), new ConditionalSpaceResolver(Spaces.Flat(2, 3)), Direction.Minimize);
        var paused = await PausedTrialAsync(study.Info.Id, "0000000000000001", 2);
        await study.RefreshAsync();

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(() => study.ClaimPausedAsync(paused.Number, 2, "one-worker", TimeSpan.FromMinutes(1), CancellationToken.None))));

        Assert.Single(claims, c => c is not null);
        Assert.Equal(TrialState.Running, study.GetTrial(paused.Number)!.State);
    }
}
