using StochasticMutatorTuner.Pruning;
using StochasticMutatorTuner.Reporting;
using StochasticMutatorTuner.Tests.Support;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Tests.Reporting;

public class ConsoleProgressTests
{
    private static async Task<string> RunAsync(ProgressStyle style)
    {
        var output = new StringWriter();
        var options = new TunerOptions { StorageUrl = "memory", MaxTrials = 12, Seed = 1, MaxConsecutiveFailures = null };
        options.Observers.Add(new ConsoleProgressObserver(output, style));
        await new Tuner<SmallConfig>(options).SearchAsync((c, t) => t.Number == 3 ? throw new InvalidOperationException("boom") : c.Loss());
        return output.ToString();
    }

    [Fact]
    public async Task Redirected_output_is_plain_lines_with_trial_count_best_changes_and_time_left()
    {
        var text = await RunAsync(ProgressStyle.Auto); // a StringWriter is never a live console

        Assert.DoesNotContain('\u001b', text);
        Assert.DoesNotContain('\r', text);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(13, lines.Count(l => l.StartsWith("trial ", StringComparison.Ordinal))); // the failed trial does not use up the budget
        Assert.Contains(lines, l => l.StartsWith("trial #12 [12/12] ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("trial #3 [3/12]  failed: InvalidOperationException: boom", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("  new best #0: ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("changed: ", StringComparison.Ordinal) && l.Contains(" -> ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(" left]", StringComparison.Ordinal));
        Assert.StartsWith("search finished: MaxTrialsReached: 13 trials", lines[^1]);
    }

    [Fact]
    public async Task A_paused_trial_is_shown_as_paused_and_its_promoted_run_as_resumed_from_that_step()
    {
        var folder = Directory.CreateTempSubdirectory("smt-progress-").FullName;
        try
        {
            var output = new StringWriter();
            var log = new ResumableLog();
            var options = new TunerOptions { StorageUrl = "memory", MaxTrials = 30, Seed = 5, ArtifactFolder = folder, Pruner = new SuccessiveHalvingPruner { MinResourceFraction = 0 } };
            options.Observers.Add(new ConsoleProgressObserver(output, ProgressStyle.Plain));
            var result = await new Tuner<SmallConfig>(options).SearchAsync(ResumableCurve.Objective(log));

            var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.NotEmpty(log.Resumes); // the search paused and promoted trials
            Assert.Equal(log.Stops.Count(s => s.Paused), lines.Count(l => l.Contains("  paused at step ", StringComparison.Ordinal) || l.Contains(", paused at step ", StringComparison.Ordinal)));
            foreach (var resume in log.Resumes)
            {
                Assert.Single(lines, l => l.StartsWith($"trial #{resume.Trial} ", StringComparison.Ordinal) && l.Contains($"  resumed from step {resume.From}, ", StringComparison.Ordinal));
            }

            Assert.Equal(log.Resumes.Count, lines.Count(l => l.Contains("  resumed from step ", StringComparison.Ordinal)));
            Assert.Equal(result.Trials.Count, result.TrialsThisRun); // a trial paused and resumed in this search counts once
            Assert.StartsWith($"search finished: {result.StopReason}: {result.Trials.Count} trials", lines[^1]);
            Assert.DoesNotContain(lines, l => l.Contains("pruned at step", StringComparison.Ordinal) && log.Stops.Any(s => s.Paused && l.StartsWith($"trial #{s.Trial} ", StringComparison.Ordinal) && l.Contains($"pruned at step {s.Step}", StringComparison.Ordinal)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Live_style_redraws_a_status_bar_in_place()
    {
        var text = await RunAsync(ProgressStyle.Live);

        Assert.Contains("\r\u001b[2K", text);
        Assert.Contains("[########################] 12/12", text.Replace("\u001b[1m", "", StringComparison.Ordinal));
        var visible = System.Text.RegularExpressions.Regex.Replace(text, "\u001b\\[[0-9;]*[A-Za-z]|\r", "");
        Assert.Contains("search finished", visible);
    }
}
