namespace StochasticMutatorTuner.Artifacts;

/// <summary>
/// What an artifact may be called. A name is one file name of letters, digits, <c>.</c>, <c>-</c> and <c>_</c>, not
/// starting with a dot, at most <see cref="MaxLength"/> characters: so it can never leave its trial's folder (no
/// separators, no <c>..</c>), never be an absolute path, never collide with the hidden temporary files a write
/// goes through, and means the same file on Linux, macOS and Windows. <see cref="Checkpoint"/> is reserved for the
/// tuner's own use.
/// </summary>
public static class ArtifactNames
{
    /// <summary>The longest name allowed.</summary>
    public const int MaxLength = 128;

    /// <summary>
    /// The artifact a resumable trial's checkpoint is saved as (<see cref="Tuning.TrialContext.SaveCheckpointAsync"/>):
    /// reserved, so a trial's own artifacts never replace or delete it.
    /// </summary>
    public const string Checkpoint = "checkpoint";

    /// <summary>Null when <paramref name="name"/> is allowed, else why not (one sentence).</summary>
    public static string? Problem(string? name) =>
        FileProblem(name) ?? (name == Checkpoint ? $"'{Checkpoint}' is reserved for a trial's checkpoint (TrialContext.SaveCheckpointAsync)" : null);

    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="name"/> cannot be a file of a trial's folder (reserved names included).</summary>
    internal static void ValidateFile(string? name)
    {
        if (FileProblem(name) is { } problem)
        {
            throw new ArgumentException($"Artifact name '{name}' is not allowed: {problem}. Use a plain file name such as 'model.safetensors'.", nameof(name));
        }
    }

    /// <summary>Why <paramref name="name"/> cannot be a file of a trial's folder, or null.</summary>
    private static string? FileProblem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "an artifact needs a name";
        }

        if (name.Length > MaxLength)
        {
            return $"the name is {name.Length} characters long; at most {MaxLength} are allowed";
        }

        if (name[0] == '.')
        {
            return "the name starts with a dot (hidden files and '..' are not allowed)";
        }

        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            {
                return c is '/' or '\\' or ':'
                    ? "the name holds a path separator; an artifact is one file in its trial's folder"
                    : $"the name holds '{c}'; use letters, digits, '.', '-' and '_' only";
            }
        }

        return null;
    }

    /// <summary>Throws <see cref="ArgumentException"/> with a clear message when <paramref name="name"/> is not allowed.</summary>
    public static void Validate(string? name)
    {
        if (Problem(name) is { } problem)
        {
            throw new ArgumentException($"Artifact name '{name}' is not allowed: {problem}. Use a plain file name such as 'model.safetensors'.", nameof(name));
        }
    }
}
