using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Strategies;

/// <summary>
/// The scored trials a strategy learns from: the study's list when the context has it, otherwise the trials this
/// strategy was told about through <see cref="ISearchStrategy.OnTrialFinished"/> (this worker's own), kept per
/// study. (The search engine does not pass the trial list yet; with one worker both give the same answers.)
/// </summary>
internal static class StudyHistory
{
    /// <summary>The best scored trial numbered <paramref name="firstNumber"/> or later (the earliest among equals), or null.</summary>
    public static TrialRecord? BestSince(StrategyContext context, ISearchStrategy owner, int firstNumber)
    {
        TrialRecord? best = null;
        void Consider(TrialRecord trial)
        {
            if (trial.Number >= firstNumber && trial.HasScore && (best is null || context.Direction.IsBetter(trial.Score!.Value, best.Score!.Value)
                || (trial.Score == best.Score && trial.Number < best.Number)))
            {
                best = trial;
            }
        }

        if (context.HasTrials)
        {
            var trials = context.Trials;
            for (int i = Math.Max(0, firstNumber); i < trials.Count; i++)
            {
                Consider(trials[i]);
            }

            return best;
        }

        var told = context.GetState<Told>(owner);
        lock (told)
        {
            foreach (var trial in told.Scored)
            {
                Consider(trial);
            }
        }

        return best;
    }

    /// <summary>Remembers a finished trial when the context cannot list the study's trials.</summary>
    public static void Remember(StrategyContext context, ISearchStrategy owner, TrialRecord trial)
    {
        if (context.HasTrials || !trial.HasScore)
        {
            return;
        }

        var told = context.GetState<Told>(owner);
        lock (told)
        {
            told.Scored.Add(trial);
        }
    }

    private sealed class Told
    {
        public List<TrialRecord> Scored { get; } = new();
    }
}
