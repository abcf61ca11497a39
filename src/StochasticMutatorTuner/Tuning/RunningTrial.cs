using StochasticMutatorTuner.Pruning;
using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Tuning;

/// <summary>The engine's state for one trial while it runs; <see cref="TrialContext"/> is its public face.</summary>
internal sealed class RunningTrial
{
    private readonly object _gate = new();
    private readonly Dictionary<string, double> _metrics = new(StringComparer.Ordinal);
    private readonly List<IntermediateValue> _intermediate = new();

    public RunningTrial(Study study, TrialRecord record, Candidate candidate, int seed, IPruner? pruner, CancellationToken cancellationToken)
    {
        Study = study;
        Record = record;
        Candidate = candidate;
        Seed = seed;
        Pruner = pruner;
        CancellationToken = cancellationToken;
    }

    public Study Study { get; }

    public TrialRecord Record { get; }

    public Candidate Candidate { get; }

    public int Seed { get; }

    public IPruner? Pruner { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>A score given through <c>ScoreTrial</c> (the original's style) instead of a return value.</summary>
    public double? ExplicitScore { get; private set; }

    public bool HasExplicitScore { get; private set; }

    public IReadOnlyDictionary<string, double> Metrics
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, double>(_metrics, StringComparer.Ordinal);
            }
        }
    }

    public IReadOnlyList<IntermediateValue> IntermediateValues
    {
        get
        {
            lock (_gate)
            {
                return _intermediate.ToArray();
            }
        }
    }

    public void SetScore(double? score)
    {
        lock (_gate)
        {
            if (HasExplicitScore)
            {
                throw new InvalidOperationException($"Trial {Record.Number} was already scored.");
            }

            ExplicitScore = score;
            HasExplicitScore = true;
        }
    }

    public void SetMetric(string name, double value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        lock (_gate)
        {
            _metrics[name] = value;
        }
    }

    public async ValueTask ReportAsync(int step, double value)
    {
        lock (_gate)
        {
            if (_intermediate.Count > 0 && _intermediate[^1].Step >= step)
            {
                throw new ArgumentException($"Steps must increase: step {step} was reported after step {_intermediate[^1].Step}.", nameof(step));
            }

            _intermediate.Add(new IntermediateValue(step, value));
        }

        await Study.Storage.ReportIntermediateAsync(Study.Info.Id, Record.Number, new IntermediateValue(step, value), DateTimeOffset.UtcNow, CancellationToken.None).ConfigureAwait(false);
        if (Pruner is not null && double.IsFinite(value))
        {
            var current = Record with { IntermediateValues = IntermediateValues };
            if (Pruner.ShouldPrune(new PruningContext(current, step, value, Study.Trials, Study.Direction)))
            {
                throw new TrialPrunedException(step);
            }
        }
    }
}
