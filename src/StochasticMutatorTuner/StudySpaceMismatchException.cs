using StochasticMutatorTuner.Space;

namespace StochasticMutatorTuner;

/// <summary>A stored study was run with a search space that the current one cannot continue.</summary>
public sealed class StudySpaceMismatchException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public StudySpaceMismatchException(string studyName, SpaceComparison comparison)
        : base($"The search space of study '{studyName}' changed in a way its stored trials cannot follow:{Environment.NewLine}{comparison?.Describe()}{Environment.NewLine}" +
               $"Use another study name, or set TunerOptions.OnSpaceMismatch = {nameof(SpaceMismatchPolicy)}.{nameof(SpaceMismatchPolicy.StartNewStudy)} to start a new study beside the old one (the old one is kept).")
    {
        StudyName = studyName;
        Comparison = comparison ?? throw new ArgumentNullException(nameof(comparison));
    }

    /// <summary>Creates the exception.</summary>
    public StudySpaceMismatchException()
        : this("", new SpaceComparison(Array.Empty<SpaceChange>()))
    {
    }

    /// <summary>Creates the exception.</summary>
    public StudySpaceMismatchException(string message)
        : base(message)
    {
        StudyName = "";
        Comparison = new SpaceComparison(Array.Empty<SpaceChange>());
    }

    /// <summary>Creates the exception.</summary>
    public StudySpaceMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
        StudyName = "";
        Comparison = new SpaceComparison(Array.Empty<SpaceChange>());
    }

    /// <summary>The study concerned.</summary>
    public string StudyName { get; }

    /// <summary>What changed.</summary>
    public SpaceComparison Comparison { get; }
}
