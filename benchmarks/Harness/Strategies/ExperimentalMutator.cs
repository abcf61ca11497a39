using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Strategies;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>
/// A workbench for candidate defaults (harness only): the stochastic mutator's random phase and mutation
/// (<see cref="Neighbourhood"/>), with the parent chosen in one of several ways.
/// </summary>
public sealed class ExperimentalMutator : ISearchStrategy
{
    public string Name => "experimental";

    public int InitRandom { get; init; } = 10;

    public double Factor { get; init; } = 0.5;

    /// <summary>
    /// 0: the best trial. Above 0: every scored trial is judged by its score smoothed with the scores of the
    /// scored trials one mutation away (each weighing <see cref="Smoothing"/> against its own 1), and the best by
    /// that judgement is the parent.
    /// </summary>
    public double Smoothing { get; init; }

    /// <summary>When above 0: if the best has not improved for this many trials, the parent is the best of the last <see cref="Stall"/> trials instead.</summary>
    public int Stall { get; init; }

    /// <summary>After a stall: 0 the best of the last <see cref="Stall"/> trials, 1 a random one of them, 2 the best of 5 drawn from them (per proposal).</summary>
    public int StallMode { get; init; }

    public Candidate? Propose(StrategyContext context)
    {
        var best = context.Best;
        if (context.TrialCount < InitRandom || best is null)
        {
            return UntriedConfigs.FindRandom(context);
        }

        var parent = best;
        if (Smoothing > 0)
        {
            parent = SmoothedBest(context) ?? best;
        }

        if (Stall > 0 && context.TrialCount - 1 - best.Number >= Stall)
        {
            var recent = context.Trials.Skip(Math.Max(0, context.Trials.Count - Stall)).Where(t => t.HasScore).ToList();
            if (recent.Count > 0)
            {
                var random = context.Random;
                parent = StallMode switch
                {
                    1 => recent[random.Next(recent.Count)],
                    2 => Enumerable.Range(0, 5).Select(_ => recent[random.Next(recent.Count)]).MinBy(t => t.Score)!,
                    _ => recent.MinBy(t => t.Score)!,
                };
            }
        }

        if (Screen > 1 && context.TrialCount >= ScreenFrom && ParzenModel.Fit(context) is { } model)
        {
            Candidate? chosen = null;
            double chosenScore = double.NegativeInfinity;
            for (int i = 0; i < Screen; i++)
            {
                var candidate = Neighbourhood.Propose(context, () => parent.Genome, Factor, StochasticMutator.DefaultAttemptsPerLevel);
                if (candidate is null)
                {
                    return null;
                }

                double score = model.Score(candidate);
                if (score > chosenScore)
                {
                    (chosen, chosenScore) = (candidate, score);
                }
            }

            return chosen;
        }

        return Neighbourhood.Propose(context, () => parent.Genome, Factor, StochasticMutator.DefaultAttemptsPerLevel);
    }

    /// <summary>Above 1: draw this many mutations and keep the one the TPE density ratio l/g likes best.</summary>
    public int Screen { get; init; } = 1;

    /// <summary>Screening starts once the study has this many trials.</summary>
    public int ScreenFrom { get; init; }

    private TrialRecord? SmoothedBest(StrategyContext context)
    {
        var state = context.GetState<Smoothed>(this);
        var trials = context.Trials;
        var space = context.Space;
        for (int i = state.Seen; i < trials.Count && trials[i].State != TrialState.Running; i++, state.Seen++)
        {
            var trial = trials[i];
            var active = space.GetActive(trial.Genome.ToArray());
            state.Genomes.Add((trial.Genome, active, trial.HasScore ? trial.Score!.Value : double.NaN));
            state.Sum.Add(0);
            state.Count.Add(0);
            if (!trial.HasScore)
            {
                continue;
            }

            for (int j = 0; j < state.Genomes.Count - 1; j++)
            {
                var other = state.Genomes[j];
                if (!double.IsNaN(other.Score) && OneApart(trial.Genome, active, other.Genome, other.Active))
                {
                    state.Sum[i] += other.Score;
                    state.Count[i]++;
                    state.Sum[j] += trial.Score!.Value;
                    state.Count[j]++;
                }
            }
        }

        TrialRecord? chosen = null;
        double chosenValue = double.PositiveInfinity;
        for (int i = 0; i < state.Genomes.Count; i++)
        {
            double own = state.Genomes[i].Score;
            if (double.IsNaN(own))
            {
                continue;
            }

            double value = (own + Smoothing * state.Sum[i]) / (1 + Smoothing * state.Count[i]);
            if (value < chosenValue)
            {
                (chosen, chosenValue) = (trials[i], value);
            }
        }

        return chosen;
    }

    private static bool OneApart(IReadOnlyList<int> a, bool[] activeA, IReadOnlyList<int> b, bool[] activeB)
    {
        int differences = 0;
        for (int p = 0; p < activeA.Length && differences <= 1; p++)
        {
            // A parameter active on one side only follows from a change of its parent: not a difference of its own.
            if (activeA[p] && activeB[p] && a[p] != b[p])
            {
                differences++;
            }
        }

        return differences == 1;
    }

    private sealed class Smoothed
    {
        public int Seen { get; set; }

        public List<(IReadOnlyList<int> Genome, bool[] Active, double Score)> Genomes { get; } = new();

        public List<double> Sum { get; } = new();

        public List<int> Count { get; } = new();
    }
}
