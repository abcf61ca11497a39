using System.Globalization;
using StochasticMutatorTuner.Artifacts;
using StochasticMutatorTuner.TorchSharp.Training;
using StochasticMutatorTuner.Tuning;
using TorchSharp;
using static TorchSharp.torch;

namespace StochasticMutatorTuner.TorchSharp.Models;

/// <summary>
/// Trained models kept as trial artifacts (<see cref="FileName"/>, in the safetensors format) and loaded back: the
/// loaded module holds exactly the weights the trial trained, so its predictions equal those of the trained model.
/// </summary>
/// <example>
/// <code>
/// var result = await tuner.SearchAsync((config, trial) =&gt;
///     Trainer.Fit(() =&gt; Build(config), train, validation, new TrainingOptions { KeepModels = KeepModels.Best(3), Seed = trial.Seed }, trial).Score);
/// using var best = result.LoadBestModel(config =&gt; Build(config));
/// </code>
/// </example>
public static class ModelArtifacts
{
    /// <summary>The artifact name of a trial's kept model.</summary>
    public const string FileName = "model.safetensors";

    /// <summary>Saves <paramref name="module"/>'s weights as this trial's <see cref="FileName"/>, replacing an earlier one.</summary>
    public static Task<ArtifactInfo> SaveModelAsync(this TrialContext trial, nn.Module module, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(module);
        return trial.SaveArtifactAsync(FileName, (stream, ct) => SafeTensors.WriteAsync(module, stream, Metadata(trial), ct), cancellationToken);
    }

    /// <summary>
    /// Builds a module with <paramref name="build"/> (the same architecture the trial trained), loads the weights
    /// trial <paramref name="trialNumber"/> kept into it, moves it to <paramref name="device"/> (the CPU when null)
    /// and puts it in evaluation mode. The caller disposes it.
    /// </summary>
    /// <exception cref="ArtifactNotFoundException">The trial kept no model; the message says where it looked and how to keep models.</exception>
    /// <exception cref="InvalidDataException">The file does not fit the module <paramref name="build"/> made (another architecture).</exception>
    public static TModule LoadModel<TModule>(this Study study, int trialNumber, Func<TModule> build, Device? device = null)
        where TModule : nn.Module
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(build);
        Stream file;
        try
        {
            file = study.Artifacts.OpenRead(trialNumber, FileName);
        }
        catch (ArtifactNotFoundException ex)
        {
            throw new ArtifactNotFoundException($"{ex.Message} Models are kept when Trainer.Fit runs with TrainingOptions.KeepModels = KeepModels.Best(k) or KeepModels.All.", ex);
        }

        using (file)
        {
            var module = build();
            try
            {
                module.to(device ?? CPU);
                SafeTensors.Load(module, file);
                module.eval();
                return module;
            }
            catch
            {
                module.Dispose();
                throw;
            }
        }
    }

    /// <summary>The model the search's best trial kept (see <see cref="LoadModel"/>); <paramref name="build"/> makes the best trial's architecture.</summary>
    /// <exception cref="InvalidOperationException">No trial has a score.</exception>
    public static TModule LoadBestModel<TModule>(this SearchResult result, Func<TModule> build, Device? device = null)
        where TModule : nn.Module
    {
        ArgumentNullException.ThrowIfNull(result);
        var best = result.BestTrial ?? throw new InvalidOperationException($"Study '{result.Study.Name}' has no trial with a score, so no best model.");
        return result.Study.LoadModel(best.Number, build, device);
    }

    /// <summary>The model the search's best trial kept, built with <paramref name="build"/> from the best config (see <see cref="LoadModel"/>).</summary>
    /// <exception cref="InvalidOperationException">No trial has a score.</exception>
    public static TModule LoadBestModel<TConfig, TModule>(this SearchResult<TConfig> result, Func<TConfig, TModule> build, Device? device = null)
        where TConfig : ITunable<TConfig>
        where TModule : nn.Module
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(build);
        var config = result.BestConfig ?? throw new InvalidOperationException($"Study '{result.Study.Name}' has no trial with a score, so no best model.");
        return result.Study.LoadModel(result.BestTrial!.Number, () => build(config), device);
    }

    /// <summary>Throws before any training when <paramref name="options"/> cannot keep models for <paramref name="trial"/>.</summary>
    internal static void CheckCanKeep(TrialContext? trial, TrainingOptions options)
    {
        var keep = options.KeepModels;
        if (!keep.KeepsAny)
        {
            return;
        }

        if (trial is null)
        {
            throw new ArgumentException($"KeepModels.{keep} keeps models as trial artifacts: pass the trial to Fit.");
        }

        var better = options.Score == ScoreMetric.ValidationAccuracy ? Direction.Maximize : Direction.Minimize;
        if (keep.Count is not null && trial.Study.Direction != better)
        {
            throw new ArgumentException(
                $"KeepModels.{keep} ranks trials by the score Fit computes ({options.Score}, where {(better == Direction.Maximize ? "higher" : "lower")} is better), " +
                $"but study '{trial.Study.Name}' is set to {trial.Study.Direction.ToString().ToLowerInvariant()}. Use Direction.{better} and return Fit's score.");
        }
    }

    /// <summary>Keeps <paramref name="module"/> as the trial's model by the rule of <paramref name="options"/>; <paramref name="score"/> is the score the trial will return.</summary>
    internal static void Keep(TrialContext trial, nn.Module module, double score, TrainingOptions options, CancellationToken cancellationToken)
    {
        if (options.KeepModels.Count is not { } count)
        {
            trial.SaveModelAsync(module, cancellationToken).GetAwaiter().GetResult();
            return;
        }

        trial.Study.Artifacts.SaveIfAmongBestAsync(trial.Number, score, FileName, count,
            (stream, ct) => SafeTensors.WriteAsync(module, stream, Metadata(trial), ct), cancellationToken).GetAwaiter().GetResult();
    }

    private static Dictionary<string, string> Metadata(TrialContext trial) => new(StringComparer.Ordinal)
    {
        ["format"] = "pt", // what Hugging Face's loaders look for: PyTorch tensors and names
        ["study"] = trial.Study.Name,
        ["trial"] = trial.Number.ToString(CultureInfo.InvariantCulture),
    };
}
