using System.Globalization;
using StochasticMutatorTuner.Pruning;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>A named way to make a pruner (null: no pruning), for the pruning benchmark.</summary>
/// <param name="Name">The name in reports.</param>
/// <param name="Create">Makes the pruner, or null for none.</param>
public sealed record PrunerFactory(string Name, Func<IPruner?> Create)
{
    /// <summary>
    /// Null: pruned configs are lost for good. Otherwise (<c>+parents=q</c>) the search strategy is
    /// <see cref="PrunedParentMutator"/>: a pruned trial competitive at q is a parent too.
    /// </summary>
    public double? Parents { get; init; }

    /// <summary>Null: a pruned config is never run again. Otherwise (<c>+retry=q</c>) see <see cref="ReplayStudy.RetryFraction"/>.</summary>
    public double? Retry { get; init; }

    /// <summary>False: a pruned trial is final. True (<c>+promote</c>, successive halving only): see <see cref="ReplayStudy.Promote"/>.</summary>
    public bool Promote { get; init; }

    /// <summary>What the report compares by default: no pruning and both pruners with their defaults.</summary>
    public static readonly string[] Defaults = { "none", "median", "sha" };

    /// <summary>
    /// A pruner by name: <c>none</c>, <c>median</c>, <c>sha</c> (successive halving), <c>hyperband</c> with their defaults, or with
    /// settings as <c>median:warmup=2/frac=0.25/startup=5/min=5</c> (<see cref="MedianPruner.WarmupSteps"/>, <see cref="MedianPruner.WarmupFraction"/>,
    /// <see cref="MedianPruner.StartupTrials"/>, <see cref="MedianPruner.MinTrialsAtStep"/>) and
    /// <c>sha:min=1/frac=0.25/eta=3/startup=0/rung=3</c> (<see cref="SuccessiveHalvingPruner.MinResource"/>, <see cref="SuccessiveHalvingPruner.MinResourceFraction"/>,
    /// <see cref="SuccessiveHalvingPruner.ReductionFactor"/>, <see cref="SuccessiveHalvingPruner.StartupTrials"/>,
    /// <see cref="SuccessiveHalvingPruner.MinTrialsPerRung"/>), and <c>hyperband:eta=3/brackets=2/top=1/min=1</c>
    /// (<see cref="HyperbandPruner.ReductionFactor"/>, <see cref="HyperbandPruner.Brackets"/>, <see cref="HyperbandPruner.TopFraction"/>,
    /// <see cref="HyperbandPruner.MinResource"/>).
    /// Either may end with what happens to pruned configs: <c>+parents=q</c> (<see cref="Parents"/>),
    /// <c>+retry=q</c> (<see cref="Retry"/>); a <c>sha</c> setting may end with <c>+promote</c> instead (<see cref="Promote"/>).
    /// </summary>
    /// <exception cref="ArgumentException">An unknown name or setting; the message lists the known ones.</exception>
    public static PrunerFactory Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var variants = name.Split('+');
        double? parents = null, retry = null;
        bool promote = variants.Skip(1).Contains("promote");
        if (promote && (variants.Length > 2 || !variants[0].Split(':')[0].Equals("sha", StringComparison.Ordinal)))
        {
            throw new ArgumentException($"Pruner '{name}': +promote pauses the trials of successive halving (sha) and combines with no other variant.");
        }

        foreach (var variant in variants.Skip(1).Where(v => v != "promote"))
        {
            var kv = variant.Split('=', 2);
            double q = kv.Length == 2 && double.TryParse(kv[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v is > 0 and <= 1
                ? v
                : throw new ArgumentException($"Pruner '{name}': '{variant}' needs a fraction in (0, 1], as parents=0.25 or retry=0.1.");
            _ = kv[0] switch
            {
                "parents" => parents = q,
                "retry" => retry = q,
                _ => throw new ArgumentException($"Pruner '{name}': unknown variant '{kv[0]}'; known: parents=q, retry=q, promote."),
            };
        }

        return ParsePruner(name, variants[0]) with { Parents = parents, Retry = retry, Promote = promote };
    }

    private static PrunerFactory ParsePruner(string name, string pruner)
    {
        var parts = pruner.Split(':', 2);
        var settings = parts.Length == 2
            ? parts[1].Split('/').Select(kv => kv.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv.Length == 2 ? double.Parse(kv[1], CultureInfo.InvariantCulture) : throw Unknown(name))
            : new Dictionary<string, double>();
        string[] known = parts[0] switch
        {
            "none" => Array.Empty<string>(),
            "median" => new[] { "warmup", "frac", "startup", "min" },
            "sha" => new[] { "min", "frac", "eta", "startup", "rung" },
            "hyperband" => new[] { "eta", "brackets", "top", "min" },
            _ => throw Unknown(name),
        };
        if (settings.Keys.FirstOrDefault(k => !known.Contains(k)) is { } wrong)
        {
            throw new ArgumentException($"Pruner '{name}': unknown setting '{wrong}'; {parts[0]} knows {(known.Length == 0 ? "none" : string.Join(", ", known))}.");
        }

        int? Get(string key) => settings.TryGetValue(key, out double v) ? (int)v : null;
        double? Fraction() => settings.TryGetValue("frac", out double v) ? v : null;
        return parts[0] switch
        {
            "none" => new PrunerFactory(name, () => null),
            "median" => new PrunerFactory(name, () =>
            {
                var defaults = new MedianPruner();
                return new MedianPruner
                {
                    WarmupSteps = Get("warmup") ?? defaults.WarmupSteps,
                    WarmupFraction = Fraction() ?? defaults.WarmupFraction,
                    StartupTrials = Get("startup") ?? defaults.StartupTrials,
                    MinTrialsAtStep = Get("min") ?? defaults.MinTrialsAtStep,
                };
            }),
            "hyperband" => new PrunerFactory(name, () =>
            {
                var defaults = new HyperbandPruner();
                return new HyperbandPruner
                {
                    ReductionFactor = Get("eta") ?? defaults.ReductionFactor,
                    Brackets = Get("brackets") ?? defaults.Brackets,
                    TopFraction = settings.TryGetValue("top", out double top) ? top : defaults.TopFraction,
                    MinResource = Get("min") ?? defaults.MinResource,
                };
            }),
            _ => new PrunerFactory(name, () =>
            {
                var defaults = new SuccessiveHalvingPruner();
                return new SuccessiveHalvingPruner
                {
                    MinResource = Get("min") ?? defaults.MinResource,
                    MinResourceFraction = Fraction() ?? defaults.MinResourceFraction,
                    ReductionFactor = Get("eta") ?? defaults.ReductionFactor,
                    StartupTrials = Get("startup") ?? defaults.StartupTrials,
                    MinTrialsPerRung = Get("rung") ?? defaults.MinTrialsPerRung,
                };
            }),
        };
    }

    private static ArgumentException Unknown(string name) =>
        new($"Unknown pruner '{name}'; known: none, median, sha, hyperband, or median:warmup=N/frac=X/startup=N/min=N, sha:min=N/frac=X/eta=N/startup=N/rung=N, hyperband:eta=N/brackets=N/top=X/min=N.");
}
