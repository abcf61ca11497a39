using System.Globalization;
using System.Text.Json;
using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Reporting;
using StochasticMutatorTuner.Storage;

namespace StochasticMutatorTuner.Artifacts;

/// <summary>
/// Copies a trial's artifacts out of the study into a plain folder, with a <see cref="DescriptionFileName"/> that
/// says which study and trial they came from, its config (typed JSON, as the config class's <c>ToJson</c> writes
/// it), score and metrics: what a PyTorch user needs beside <c>model.safetensors</c> to rebuild the architecture.
/// </summary>
public static class ArtifactExport
{
    /// <summary>The file written beside the artifacts.</summary>
    public const string DescriptionFileName = "config.json";

    /// <summary>
    /// Copies every artifact of trial <paramref name="trialNumber"/> into <paramref name="folder"/> (created when
    /// missing; files of the same names are replaced), checking each against the length and SHA-256 recorded when it
    /// was saved, and writes <see cref="DescriptionFileName"/> beside them.
    /// </summary>
    /// <returns>The files written, artifacts first.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The study has no such trial.</exception>
    /// <exception cref="ArtifactNotFoundException">The trial has no artifacts, or a recorded file is missing.</exception>
    /// <exception cref="IOException">A file differs from what was recorded, or the folder cannot be written; the message names it.</exception>
    public static async Task<IReadOnlyList<string>> ExportAsync(this StudyArtifacts artifacts, int trialNumber, string folder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(artifacts);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var study = artifacts.Study;
        await study.RefreshAsync(cancellationToken).ConfigureAwait(false);
        var trial = study.GetTrial(trialNumber)
            ?? throw new ArgumentOutOfRangeException(nameof(trialNumber), trialNumber, $"Study '{study.Name}' has no trial {trialNumber} (it has {study.TrialCount}).");
        var saved = await artifacts.ListAsync(trialNumber, cancellationToken).ConfigureAwait(false);
        if (saved.Count == 0)
        {
            throw new ArtifactNotFoundException($"Trial {trialNumber} of study '{study.Name}' has no artifacts (a keep-the-best-k rule may have deleted them).");
        }

        if (saved.Any(a => a.Name == DescriptionFileName))
        {
            throw new IOException($"Trial {trialNumber} saved an artifact named {DescriptionFileName}, the name of the description the export writes; export it with its own tools.");
        }

        Directory.CreateDirectory(folder);
        var written = new List<string>();
        foreach (var artifact in saved)
        {
            string target = Path.Combine(Path.GetFullPath(folder), artifact.Name);
            string partial = target + ".partial";
            var source = artifacts.OpenRead(trialNumber, artifact.Name);
            await using (source.ConfigureAwait(false))
            {
                (long Length, string Sha256) copied;
                var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
                await using (file.ConfigureAwait(false))
                {
                    using var hashing = new HashingStream(file);
                    await source.CopyToAsync(hashing, cancellationToken).ConfigureAwait(false);
                    copied = (hashing.Length, hashing.HashHex());
                }

                if (copied != (artifact.Length, artifact.Sha256))
                {
                    File.Delete(partial);
                    throw new IOException(
                        $"{artifacts.PathOf(trialNumber, artifact.Name)} is not the file trial {trialNumber} saved ({copied.Length} bytes, SHA-256 {copied.Sha256[..12]}…; " +
                        $"recorded {artifact.Length} bytes, {artifact.Sha256[..12]}…): it was changed or replaced after it was saved.");
                }
            }

            File.Move(partial, target, overwrite: true);
            written.Add(target);
        }

        string description = Path.Combine(Path.GetFullPath(folder), DescriptionFileName);
        await File.WriteAllTextAsync(description, Describe(study, trial, saved), cancellationToken).ConfigureAwait(false);
        written.Add(description);
        return written;
    }

    private static string Describe(Study study, Trials.TrialRecord trial, IReadOnlyList<ArtifactInfo> saved) => StorageJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("study", study.Name);
        w.WriteNumber("trial", trial.Number);
        w.WriteString("state", StorageJson.StateName(trial.State));
        w.WriteString("direction", StorageJson.DirectionName(study.Direction));
        if (trial.Score is { } score && double.IsFinite(score))
        {
            w.WriteNumber("score", score);
        }
        else
        {
            w.WriteNull("score");
        }

        w.WriteStartObject("config");
        foreach (var (name, value) in trial.Params)
        {
            w.WritePropertyName(name);
            ConfigJson.WriteValue(w, value);
        }

        w.WriteEndObject();
        StudyExport.WriteMetrics(w, "metrics", trial.Metrics);
        w.WriteStartArray("artifacts");
        foreach (var a in saved)
        {
            w.WriteStartObject();
            w.WriteString("name", a.Name);
            w.WriteNumber("length", a.Length);
            w.WriteString("sha256", a.Sha256);
            w.WriteString("saved_at", a.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }, indented: true);
}
