namespace StochasticMutatorTuner.TorchSharp.Training;

/// <summary>
/// Which trained models <see cref="Trainer.Fit"/> keeps as the trial's artifact <see cref="Models.ModelArtifacts.FileName"/>
/// (a safetensors file PyTorch can load too): none (default), every trial's, or only those of the best k trials.
/// </summary>
/// <example><c>new TrainingOptions { KeepModels = KeepModels.Best(3) }</c></example>
public sealed record KeepModels
{
    private KeepModels(int? count) => Count = count;

    /// <summary>Keep no model (the default): nothing is written.</summary>
    public static KeepModels None { get; } = new(0);

    /// <summary>Keep the model of every trial that completes training.</summary>
    public static KeepModels All { get; } = new((int?)null);

    /// <summary>How many models are kept: null for all, 0 for none.</summary>
    public int? Count { get; }

    /// <summary>True unless this is <see cref="None"/>.</summary>
    public bool KeepsAny => Count != 0;

    /// <summary>
    /// Keep only the models of the best <paramref name="count"/> trials by score (in the study's direction): a model
    /// is written only when its trial is among them, and models of trials that fall out are deleted as better ones
    /// arrive, so the disk holds about <paramref name="count"/> models (plus, briefly, one per trial running at once).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1.</exception>
    public static KeepModels Best(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return new KeepModels(count);
    }

    /// <inheritdoc />
    public override string ToString() => Count switch { 0 => "None", null => "All", var k => $"Best({k})" };
}
