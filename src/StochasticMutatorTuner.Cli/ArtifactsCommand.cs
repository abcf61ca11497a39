using System.CommandLine;
using System.Globalization;
using StochasticMutatorTuner.Artifacts;

namespace StochasticMutatorTuner.Cli;

/// <summary><c>smt artifacts list|export</c>: the files trials saved (kept models), read-only.</summary>
internal static class ArtifactsCommand
{
    public static Command Create(Option<string> storageOption, Option<string?> studyOption, TextWriter output, TextWriter error)
    {
        var folderOption = new Option<string?>("--artifacts")
        {
            Description = "The artifact folder the workers wrote to (TunerOptions.ArtifactFolder). Default: <database file>.artifacts beside a SQLite file; needed for PostgreSQL.",
        };
        var trialOption = new Option<int?>("--trial", "-t") { Description = "Only this trial's artifacts." };
        var list = new Command("list", "List the artifacts a study's trials saved, with size, SHA-256 and whether the file is in the artifact folder.")
        {
            storageOption, studyOption, trialOption, folderOption,
        };
        list.SetAction((r, ct) => WithArtifacts(r, storageOption, studyOption, folderOption, error, async study =>
        {
            var artifacts = await study.Artifacts.ListAsync(r.GetValue(trialOption), ct);
            if (artifacts.Count == 0)
            {
                output.WriteLine($"Study '{study.Name}' has no artifacts{(r.GetValue(trialOption) is { } t ? $" of trial {t}" : "")}.");
                return 0;
            }

            string? folder = study.Artifacts.Folder;
            var rows = new List<string[]> { new[] { "#", "name", "bytes", "sha256", "saved at (UTC)", "saved by", "file" } };
            rows.AddRange(artifacts.Select(a => new[]
            {
                a.TrialNumber.ToString(CultureInfo.InvariantCulture), a.Name, a.Length.ToString(CultureInfo.InvariantCulture), a.Sha256[..12],
                a.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), a.SavedBy ?? "-",
                folder is null ? "?" : File.Exists(study.Artifacts.PathOf(a.TrialNumber, a.Name)) ? "ok" : "missing",
            }));
            Table.Write(output, rows);
            output.WriteLine(folder is null
                ? "Files: no artifact folder known for this storage; pass --artifacts DIR to check them."
                : $"Files under {Path.Combine(folder, study.Info.Id.ToString(CultureInfo.InvariantCulture))}");
            return 0;
        }, ct));

        var bestOrTrial = new Option<int?>("--trial", "-t") { Description = "The trial whose artifacts to export; the best trial when left out." };
        var outputOption = new Option<string>("--output", "-o") { Description = "The folder to write the artifacts and config.json to.", Required = true };
        var export = new Command("export", "Copy a trial's artifacts (e.g. model.safetensors, which PyTorch loads) and a config.json with its config, score and metrics into a folder.")
        {
            storageOption, studyOption, bestOrTrial, outputOption, folderOption,
        };
        export.SetAction((r, ct) => WithArtifacts(r, storageOption, studyOption, folderOption, error, async study =>
        {
            int number = r.GetValue(bestOrTrial)
                ?? study.BestTrial?.Number
                ?? throw new CliException($"Study '{study.Name}' has no trial with a score yet, so no best trial; choose one with --trial.");
            if (number < 0 || number >= study.TrialCount)
            {
                throw new CliException($"Study '{study.Name}' has no trial {number} (it has {study.TrialCount}).");
            }

            var files = await study.Artifacts.ExportAsync(number, r.GetValue(outputOption)!, ct);
            foreach (var file in files)
            {
                output.WriteLine($"Wrote {file}");
            }

            return 0;
        }, ct));

        return new Command("artifacts", "List or export the files trials saved (kept models).") { list, export };
    }

    private static Task<int> WithArtifacts(ParseResult r, Option<string> storageOption, Option<string?> studyOption, Option<string?> folderOption, TextWriter error, Func<Study, Task<int>> action, CancellationToken ct) =>
        CliApp.Guarded(error, async () =>
        {
            await using var storage = StudySource.OpenStorage(r.GetValue(storageOption)!);
            var study = await StudySource.OpenStudyAsync(storage, r.GetValue(studyOption), ct);
            if (r.GetValue(folderOption) is { } folder)
            {
                if (!Directory.Exists(folder))
                {
                    throw new CliException($"There is no artifact folder {Path.GetFullPath(folder)}. Pass the folder the workers wrote to (their TunerOptions.ArtifactFolder).");
                }

                study.Artifacts.Folder = folder;
            }

            try
            {
                return await action(study);
            }
            catch (InvalidOperationException ex) when (study.Artifacts.Folder is null)
            {
                throw new CliException(ex.Message);
            }
        });
}
