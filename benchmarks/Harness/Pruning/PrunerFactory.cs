using System.Globalization;
using StochasticMutatorTuner.Pruning;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>A named way to make a pruner (null: no pruning), for the pruning benchmark.</summary>
/// <param name="Name">The name in reports.</param>
/// <param name="Create">Makes the pruner, or null for none.</param>
public sealed record PrunerFactory(string Name, Func<IPruner?> Create)
{
    /// <summary>What the report compares by default: no pruning and both pruners with their defaults.</summary>
    public static readonly string[] Defaults = { "none", "median", "sha" };

    /// <summary>
    /// A pruner by name: <c>none</c>, <c>median</c>, <c>sha</c> (successive halving) with their defaults, or with
    /// settings as <c>median:warmup=2/frac=0.25/startup=5/min=5</c> (<see cref="MedianPruner.WarmupSteps"/>, <see cref="MedianPruner.WarmupFraction"/>,
    /// <see cref="MedianPruner.StartupTrials"/>, <see cref="MedianPruner.MinTrialsAtStep"/>) and
    /// <c>sha:min=1/frac=0.25/eta=3/startup=0/rung=3</c> (<see cref="SuccessiveHalvingPruner.MinResource"/>, <see cref="SuccessiveHalvingPruner.MinResourceFraction"/>,
    /// <see cref="SuccessiveHalvingPruner.ReductionFactor"/>, <see cref="SuccessiveHalvingPruner.StartupTrials"/>,
    /// <see cref="SuccessiveHalvingPruner.MinTrialsPerRung"/>).
    /// </summary>
    /// <exception cref="ArgumentException">An unknown name or setting; the message lists the known ones.</exception>
    public static PrunerFactory Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var parts = name.Split(':', 2);
        var settings = parts.Length == 2
            ? parts[1].Split('/').Select(kv => kv.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv.Length == 2 ? double.Parse(kv[1], CultureInfo.InvariantCulture) : throw Unknown(name))
            : new Dictionary<string, double>();
        string[] known = parts[0] switch
        {
            "none" => Array.Empty<string>(),
            "median" => new[] { "warmup", "frac", "startup", "min" },
            "sha" => new[] { "min", "frac", "eta", "startup", "rung" },
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
        new($"Unknown pruner '{name}'; known: none, median, sha, or median:warmup=N/frac=X/startup=N/min=N, sha:min=N/frac=X/eta=N/startup=N/rung=N.");
}
