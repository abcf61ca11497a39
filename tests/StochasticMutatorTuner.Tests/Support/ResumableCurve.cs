using System.Collections.Concurrent;
using System.Globalization;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Tests.Support;

/// <summary>
/// A resumable objective on a replayed learning curve (in-process tests and the test worker): the config's final loss
/// plus a start that fades, some configs starting slowly; its checkpoint is the epoch it was written at.
/// </summary>
internal static class ResumableCurve
{
    public const int Epochs = 9;

    public static double Value(SmallConfig config, string key, int epoch) => config.Loss() + (key.Sum(c => c) % 5 / (double)epoch);

    public static Func<SmallConfig, TrialContext<SmallConfig>, Task<double?>> Objective(ResumableLog log, bool checkpoint = true, bool resumable = true, int epochDelayMs = 0, double trend = 0) => async (config, trial) =>
    {
        trial.MaxStep = Epochs;
        trial.Resumable = resumable;
        int first = 1;
        if (trial.ResumeFromStep is int paused)
        {
            await using var saved = trial.OpenCheckpoint();
            using var reader = new StreamReader(saved);
            int at = int.Parse(await reader.ReadToEndAsync(), CultureInfo.InvariantCulture);
            log.Resumed(trial.Number, paused, at, trial.IntermediateValues.Count);
            first = at + 1;
        }

        string key = trial.Key.ToString();
        double value = 0;
        for (int epoch = first; epoch <= Epochs; epoch++)
        {
            if (epochDelayMs > 0)
            {
                await Task.Delay(epochDelayMs, trial.CancellationToken);
            }

            value = Value(config, key, epoch) + (trend * trial.Number); // a trend makes later trials worse: earlier pauses become promotable
            if (checkpoint)
            {
                string text = epoch.ToString(CultureInfo.InvariantCulture);
                await trial.SaveCheckpointAsync(epoch, async (s, ct) =>
                {
                    await using var writer = new StreamWriter(s, leaveOpen: true);
                    await writer.WriteAsync(text);
                });
            }

            log.Reported(trial.Number, epoch);
            try
            {
                await trial.ReportAsync(epoch, value);
            }
            catch (TrialPrunedException stopped)
            {
                log.Stopped(trial.Number, stopped.Step, stopped.Paused);
                throw;
            }
        }

        return value;
    };
}

/// <summary>What a resumable objective did, across every run of every trial (and, echoed as lines, across processes).</summary>
internal sealed class ResumableLog(bool echo = false)
{
    public ConcurrentBag<(int Trial, int Step)> Reports { get; } = new();

    public ConcurrentBag<(int Trial, int From, int Checkpoint, int Values)> Resumes { get; } = new();

    public ConcurrentBag<(int Trial, int Step, bool Paused)> Stops { get; } = new();

    public void Resumed(int trial, int from, int checkpoint, int values)
    {
        Resumes.Add((trial, from, checkpoint, values));
        Echo($"resume {trial} {from} {checkpoint} {values}");
    }

    public void Reported(int trial, int step)
    {
        Reports.Add((trial, step));
        Echo($"report {trial} {step}");
    }

    public void Stopped(int trial, int step, bool paused)
    {
        Stops.Add((trial, step, paused));
        Echo($"stop {trial} {step} {(paused ? 1 : 0)}");
    }

    /// <summary>The log the echoed lines of <paramref name="outputs"/> (one per process) describe.</summary>
    public static ResumableLog Parse(IEnumerable<string> outputs)
    {
        var log = new ResumableLog();
        foreach (var line in outputs.SelectMany(o => o.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var f = line.Split(' ');
            int I(int i) => int.Parse(f[i], CultureInfo.InvariantCulture);
            switch (f[0])
            {
                case "resume":
                    log.Resumes.Add((I(1), I(2), I(3), I(4)));
                    break;
                case "report":
                    log.Reports.Add((I(1), I(2)));
                    break;
                case "stop":
                    log.Stops.Add((I(1), I(2), f[3] == "1"));
                    break;
            }
        }

        return log;
    }

    private void Echo(string line)
    {
        if (echo)
        {
            lock (Reports)
            {
                Console.WriteLine(line);
                Console.Out.Flush();
            }
        }
    }
}
