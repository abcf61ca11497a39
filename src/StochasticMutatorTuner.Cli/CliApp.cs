using System.CommandLine;
using System.Globalization;
using StochasticMutatorTuner.Cli.Dashboard;
using StochasticMutatorTuner.Cli.Plots;
using StochasticMutatorTuner.Reporting;
using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Cli;

/// <summary>The <c>smt</c> commands.</summary>
public static class CliApp
{
    /// <summary>Runs the CLI with <paramref name="args"/>, writing to the given writers; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var storageOption = new Option<string>("--storage", "-s")
        {
            Description = "The SQLite database file (or its project directory), or a PostgreSQL URL / connection string.",
            Required = true,
        };
        var studyOption = new Option<string?>("--study") { Description = "The study; may be left out when the storage holds only one." };

        var root = new RootCommand("Inspect StochasticMutatorTuner studies: list, show the best, export, plot, report, follow live in a browser, export kept models.");

        var studies = new Command("studies", "List the studies in a storage.") { storageOption };
        studies.SetAction((r, ct) => Guarded(error, async () =>
        {
            await using var storage = StudySource.OpenStorage(r.GetValue(storageOption)!);
            var list = await storage.ListStudiesAsync(ct);
            if (list.Count == 0)
            {
                output.WriteLine($"{storage.Description} has no studies.");
                return 0;
            }

            var rows = new List<string[]> { new[] { "study", "direction", "trials", "complete", "pruned", "failed", "running", "best" } };
            var notes = new List<string>();
            foreach (var info in list)
            {
                var study = await Study.OpenExistingAsync(storage, info.Name, ct);
                var stale = study.FindStaleTrials(DateTimeOffset.UtcNow);
                if (stale.Count > 0)
                {
                    notes.Add($"Study '{info.Name}': {stale.Count} running trial(s) ({string.Join(", ", stale.Select(t => "#" + Count(t.Number)))}) have sent no heartbeat for longer than their stale timeout; their workers are presumably gone. The next search on the study marks them failed.");
                }

                var t = study.Trials;
                rows.Add(new[]
                {
                    info.Name, info.Direction.ToText(), Count(t.Count),
                    Count(t.Count(x => x.State == TrialState.Complete)), Count(t.Count(x => x.State == TrialState.Pruned)),
                    Count(t.Count(x => x.State == TrialState.Failed)), Count(t.Count(x => x.State == TrialState.Running)),
                    study.BestTrial is { } b ? $"{Number(b.Score!.Value)} (#{b.Number})" : "-",
                });
            }

            Table.Write(output, rows);
            foreach (var note in notes)
            {
                output.WriteLine(note);
            }

            return 0;
        }));

        var stateOption = new Option<string?>("--state") { Description = "Only trials in this state: running, complete, failed or pruned." };
        var sortOption = new Option<string>("--sort") { Description = "Order by 'number' or 'score' (best first).", DefaultValueFactory = _ => "number" };
        var topOption = new Option<int?>("--top") { Description = "Show at most this many trials." };
        var trials = new Command("trials", "List a study's trials.") { storageOption, studyOption, stateOption, sortOption, topOption };
        trials.SetAction((r, ct) => WithStudy(r, storageOption, studyOption, error, study =>
        {
            IEnumerable<TrialRecord> list = study.Trials;
            if (r.GetValue(stateOption) is { } state)
            {
                var wanted = TrialStateText.ParseState(state) ?? throw new CliException($"Unknown state '{state}'; use running, complete, failed or pruned.");
                list = list.Where(t => t.State == wanted);
            }

            list = r.GetValue(sortOption) switch
            {
                "number" => list,
                "score" => list.Order(TrialOrder.BestFirst(study.Direction)),
                var other => throw new CliException($"Unknown sort '{other}'; use number or score."),
            };
            if (r.GetValue(topOption) is { } top)
            {
                list = list.Take(top);
            }

            // Why a trial failed or was pruned is what one asks first: its message gets a column when any listed trial
            // has one (its first line; `smt export` has the whole text).
            var shown = list.ToList();
            bool messages = shown.Any(t => !string.IsNullOrEmpty(t.Error));
            var rows = new List<string[]> { messages ? ["#", "state", "score", "seconds", "message", "parameters"] : ["#", "state", "score", "seconds", "parameters"] };
            rows.AddRange(shown.Select(t => (string[])
            [
                Count(t.Number), t.State.ToText(), t.Score is { } s ? Number(s) : "-",
                t.Duration is { } d ? d.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) : "-",
                .. messages ? [t.Error is { Length: > 0 } e ? e.Split('\n')[0].TrimEnd() : "-"] : Array.Empty<string>(),
                string.Join(", ", t.Params.Select(p => $"{p.Key}={ParamValues.Format(p.Value)}")),
            ]));
            Table.Write(output, rows);
            return 0;
        }, ct));

        var jsonOption = new Option<bool>("--json") { Description = "Print only the best config as JSON." };
        var best = new Command("best", "Show the best trial and its config.") { storageOption, studyOption, jsonOption };
        best.SetAction((r, ct) => WithStudy(r, storageOption, studyOption, error, study =>
        {
            if (study.BestTrial is not { } b)
            {
                throw new CliException($"Study '{study.Name}' has no trial with a score yet ({study.Trials.Count} trials).");
            }

            string json = Space.ConfigJson.Write(b.Params); // typed values: reads back with the generated FromJson
            if (r.GetValue(jsonOption))
            {
                output.WriteLine(json);
                return 0;
            }

            output.WriteLine($"Best trial #{b.Number} of study '{study.Name}': score {Number(b.Score!.Value)} ({study.Direction.ToText()})");
            foreach (var (name, value) in b.Params)
            {
                output.WriteLine($"  {name} = {ParamValues.Format(value)}");
            }

            foreach (var (name, value) in b.Metrics)
            {
                output.WriteLine($"  metric {name} = {Number(value)}");
            }

            output.WriteLine($"  config JSON: {json}");
            return 0;
        }, ct));

        var importance = new Command("importance", "Show parameter importance and per-value statistics.") { storageOption, studyOption };
        importance.SetAction((r, ct) => WithStudy(r, storageOption, studyOption, error, study =>
        {
            RequireScores(study);
            var rows = new List<string[]> { new[] { "parameter", "importance", "ε²", "trials" } };
            rows.AddRange(StudyAnalysis.Importance(study).Select(i => new[] { i.Parameter, i.Importance.ToString("P1", CultureInfo.InvariantCulture), Number(i.ExplainedVariance), Count(i.Trials) }));
            Table.Write(output, rows);
            output.WriteLine();
            foreach (var stats in StudyAnalysis.Statistics(study))
            {
                output.WriteLine($"{stats.Parameter}: " + string.Join("; ", stats.Values.Select(v => $"{v.Value} tried {v.Tried}, best {(v.Best is { } x ? Number(x) : "-")}, mean {(v.Mean is { } m ? Number(m) : "-")}")));
            }

            return 0;
        }, ct));

        var formatOption = new Option<string>("--format") { Description = "json or csv.", DefaultValueFactory = _ => "json" };
        var outputOption = new Option<string?>("--output", "-o") { Description = "The file to write; standard output when left out." };
        var export = new Command("export", "Export a study's trials as JSON or CSV.") { storageOption, studyOption, formatOption, outputOption };
        export.SetAction((r, ct) => WithStudy(r, storageOption, studyOption, error, study =>
        {
            string text = r.GetValue(formatOption) switch
            {
                "json" => StudyExport.ToJson(study),
                "csv" => StudyExport.ToCsv(study),
                var other => throw new CliException($"Unknown format '{other}'; use json or csv."),
            };
            if (r.GetValue(outputOption) is { } file)
            {
                File.WriteAllText(file, text);
                output.WriteLine($"Wrote {study.Trials.Count} trials to {Path.GetFullPath(file)}.");
            }
            else
            {
                output.Write(text);
            }

            return 0;
        }, ct));

        var folderOption = new Option<string>("--output", "-o") { Description = "The folder for the plot files.", Required = true };
        var imageOption = new Option<string>("--image") { Description = "png, svg or both.", DefaultValueFactory = _ => "both" };
        var plots = new Command("plots", "Write the optimization history, importance, slice and parallel-coordinates plots.") { storageOption, studyOption, folderOption, imageOption };
        plots.SetAction((r, ct) => WithStudy(r, storageOption, studyOption, error, study =>
        {
            RequireScores(study);
            var formats = r.GetValue(imageOption) switch
            {
                "png" => new[] { ImageFormat.Png },
                "svg" => new[] { ImageFormat.Svg },
                "both" => new[] { ImageFormat.Png, ImageFormat.Svg },
                var other => throw new CliException($"Unknown image format '{other}'; use png, svg or both."),
            };
            var files = StudyPlots.WriteAll(study, r.GetValue(folderOption)!, formats);
            foreach (var file in files)
            {
                output.WriteLine($"Wrote {file}");
            }

            return 0;
        }, ct));

        var reportFile = new Option<string>("--output", "-o") { Description = "The HTML file to write.", DefaultValueFactory = _ => "report.html" };
        var report = new Command("report", "Write a self-contained HTML report: the dashboard's views of one study, read once (no server, works offline).") { storageOption, studyOption, reportFile };
        report.SetAction((r, ct) => WithStudy(r, storageOption, studyOption, error, study =>
        {
            RequireScores(study);
            var file = r.GetValue(reportFile)!;
            File.WriteAllText(file, HtmlReport.Render(study, DateTimeOffset.UtcNow));
            output.WriteLine($"Wrote {Path.GetFullPath(file)} ({study.Trials.Count} trials).");
            return 0;
        }, ct));

        var dashboard = DashboardCommand.Create(storageOption, studyOption, output, error);
        var artifacts = ArtifactsCommand.Create(storageOption, studyOption, output, error);
        foreach (var command in new[] { studies, trials, best, importance, export, plots, report, dashboard, artifacts })
        {
            root.Subcommands.Add(command);
        }

        var parse = root.Parse(args);
        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }

    private static Task<int> WithStudy(ParseResult r, Option<string> storageOption, Option<string?> studyOption, TextWriter error, Func<Study, int> action, CancellationToken ct) =>
        Guarded(error, async () =>
        {
            await using var storage = StudySource.OpenStorage(r.GetValue(storageOption)!);
            var study = await StudySource.OpenStudyAsync(storage, r.GetValue(studyOption), ct);
            return action(study);
        });

    internal static async Task<int> Guarded(TextWriter error, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception ex) when (ex is CliException or StudyStorageException or IOException or UnauthorizedAccessException)
        {
            // What the user can fix (a path, a host, a name) is one line; anything else is a bug and keeps its trace.
            error.WriteLine("error: " + ex.Message);
            return 1;
        }
    }

    private static void RequireScores(Study study)
    {
        if (!study.Trials.Any(t => t.HasScore))
        {
            throw new CliException($"Study '{study.Name}' has no trial with a score yet ({study.Trials.Count} trials); there is nothing to plot or report.");
        }
    }

    internal static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
