using System.Globalization;
using StochasticMutatorTuner;
using StochasticMutatorTuner.Pruning;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Tests.Support;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

// Commands:
//   keys                               the key of every distinct config of the test spaces, one per line
//   worker STORAGE STUDY TRIALS DELAYMS [HANG_AT_TRIAL] [options]
//                                      runs a search on a shared storage, then prints what this worker's view of the
//                                      study holds ("view ...") and "done N REASON". With HANG_AT_TRIAL the worker
//                                      prints "hanging N" and blocks inside trial number N (to be killed).
//     --config small|worker|wide       the config type: SmallConfig (48 configs, default), WorkerConfig (6,912) or
//                                      WorkerConfigWide (WorkerConfig with one more activation)
//     --epochs E                       report E per-epoch values per trial (the delay is spread over them)
//     --pruner median|halving|hyperband prune with a median, a successive-halving or a Hyperband pruner (defaults; each trial declares its
//                                      last step, the number of epochs)
//     --record-pruning                 print every successive-halving decision (RecordingPruner)
//     --concurrency K                  MaxConcurrentTrials
//     --heartbeat-ms H, --stale-ms S   heartbeat interval and stale timeout (default 200 and 2000)
//     --started                        print "started N" when trial N starts
//   reporting-worker STORAGE STUDY TRIALS DELAYMS
//                                      like worker, but each trial reports 4 steps and an accuracy metric, a median
//                                      pruner stops some, and trial 2 fails with an error holding markup
//   artifact-worker STORAGE STUDY TRIALS FOLDER DELAYMS
//                                      each trial saves log.txt, and model.bin only while it is among the best 3
//                                      (ArtifactContent.Of its number), with FOLDER as the artifact folder
//   resumable-worker STORAGE STUDY TRIALS FOLDER EPOCH_DELAYMS
//                                      resumable trials on a replayed curve (ResumableCurve) that successive halving
//                                      pauses and promotes; prints what the objective did ("resume", "report", "stop"),
//                                      its final view of every trial ("final N STATE PAUSED PRUNED_STEP LAST_STEP") and
//                                      "total TOTAL_STEPS"
//   artifact-crash STORAGE STUDY FOLDER
//                                      trial 0 saves model.bin; trial 1 saves model.bin, then starts replacing it and
//                                      writing big.bin, prints "writing" once half of each is written, and hangs there
switch (args.FirstOrDefault())
{
    case "keys":
        foreach (var space in new[] { Spaces.Conditional(), Spaces.Chain() })
        {
            foreach (var genome in space.EnumerateDistinct())
            {
                Console.WriteLine($"{string.Join(",", genome)} {space.KeyOf(genome)}");
            }
        }

        Console.WriteLine($"SmallConfig {new SmallConfig { Width = 2, Dropout = true, Rate = 0.3, Optimizer = Opt.Sgd, Momentum = 0.9 }.GetConfigKey()}");
        return 0;

    case "worker":
        var worker = WorkerArgs.Parse(args);
        try
        {
            return worker.Config switch
            {
                "worker" => await Worker.RunAsync<WorkerConfig>(worker, c => c.Loss()),
                // The newer worker tries its new value first, so every run meets a trial the older space lacks.
                "wide" => await Worker.RunAsync<WorkerConfigWide>(worker, c => c.Loss(), new WorkerConfigWide { A = 4, B = 2, Act = "gelu", C = 5 }),
                _ => await Worker.RunAsync<SmallConfig>(worker, c => c.Loss()),
            };
        }
        catch (StudyStorageException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 3;
        }

    case "reporting-worker":
        var reporting = new TunerOptions
        {
            StorageUrl = args[1],
            StudyName = args[2],
            MaxTrials = int.Parse(args[3], CultureInfo.InvariantCulture),
            MaxConsecutiveFailures = null,
            Seed = 5,
            Pruner = new MedianPruner { StartupTrials = 3 },
        };
        int stepDelay = int.Parse(args[4], CultureInfo.InvariantCulture) / 4;
        var reported = await new Tuner<SmallConfig>(reporting).SearchAsync(async (config, trial) =>
        {
            if (trial.Number == 2)
            {
                throw new InvalidOperationException("diverged: <script>window.pwned = 1</script> & NaN loss");
            }

            double loss = config.Loss();
            for (int step = 1; step <= 4; step++)
            {
                await Task.Delay(stepDelay);
                await trial.ReportAsync(step, loss + 2.0 / step);
            }

            trial.SetMetric("accuracy", 1 / (1 + loss));
            return loss;
        });
        Console.WriteLine($"done {reported.TrialsThisRun} {reported.StopReason}");
        return 0;

    case "artifact-worker":
        return await ArtifactWorker.RunAsync(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture), args[4], int.Parse(args[5], CultureInfo.InvariantCulture));

    case "artifact-crash":
        return await ArtifactWorker.CrashAsync(args[1], args[2], args[3]);

    case "resumable-worker":
        return await PauseWorker.RunAsync(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture), args[4], int.Parse(args[5], CultureInfo.InvariantCulture));

    default:
        Console.Error.WriteLine("usage: keys | worker STORAGE STUDY TRIALS DELAYMS [HANG_AT_TRIAL] [options] | reporting-worker STORAGE STUDY TRIALS DELAYMS | artifact-worker STORAGE STUDY TRIALS FOLDER DELAYMS | resumable-worker STORAGE STUDY TRIALS FOLDER EPOCH_DELAYMS | artifact-crash STORAGE STUDY FOLDER");
        return 2;
}

internal sealed record WorkerArgs(string Storage, string Study, int Trials, int DelayMs, int? HangAt, string Config, int Epochs, string? Pruner, int Concurrency, int HeartbeatMs, int StaleMs, bool PrintStarted, bool RecordPruning)
{
    public static WorkerArgs Parse(string[] args)
    {
        var positional = args.Skip(1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        var options = args.Skip(1 + positional.Count).ToList();
        string? Option(string name) => options.IndexOf(name) is int i and >= 0 && i + 1 < options.Count ? options[i + 1] : null;
        int IntOption(string name, int fallback) => Option(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new WorkerArgs(
            positional[0],
            positional[1],
            int.Parse(positional[2], CultureInfo.InvariantCulture),
            int.Parse(positional[3], CultureInfo.InvariantCulture),
            positional.Count > 4 ? int.Parse(positional[4], CultureInfo.InvariantCulture) : null,
            Option("--config") ?? "small",
            IntOption("--epochs", 0),
            Option("--pruner"),
            IntOption("--concurrency", 1),
            IntOption("--heartbeat-ms", 200),
            IntOption("--stale-ms", 2000),
            options.Contains("--started"),
            options.Contains("--record-pruning"));
    }
}

internal static class Worker
{
    public static async Task<int> RunAsync<T>(WorkerArgs a, Func<T, double> loss, T? first = default)
        where T : ITunable<T>
    {
        var options = new TunerOptions
        {
            StorageUrl = a.Storage,
            StudyName = a.Study,
            MaxTrials = a.Trials,
            MaxConsecutiveFailures = null,
            MaxConcurrentTrials = a.Concurrency,
            HeartbeatInterval = TimeSpan.FromMilliseconds(a.HeartbeatMs),
            StaleTrialTimeout = TimeSpan.FromMilliseconds(a.StaleMs),
            Pruner = a.Pruner switch
            {
                "median" => new MedianPruner { StartupTrials = 3 },
                "halving" when a.RecordPruning => new RecordingPruner(new SuccessiveHalvingPruner { MinResource = 1, MinResourceFraction = 0, ReductionFactor = 2 }),
                "halving" => new SuccessiveHalvingPruner { MinResource = 1, MinResourceFraction = 0, ReductionFactor = 2 },
                "hyperband" => new HyperbandPruner(),
                _ => null,
            },
        };
        var tuner = new Tuner<T>(options);
        if (first is not null)
        {
            tuner.Enqueue(first);
        }

        var result = await tuner.SearchAsync(async (config, trial) =>
        {
            if (a.PrintStarted)
            {
                Console.WriteLine($"started {trial.Number}");
                Console.Out.Flush();
            }

            if (a.HangAt == trial.Number)
            {
                Console.WriteLine($"hanging {trial.Number}");
                Console.Out.Flush();
                await Task.Delay(Timeout.Infinite, CancellationToken.None);
            }

            double value = loss(config);
            if (a.Epochs == 0)
            {
                await Task.Delay(a.DelayMs, trial.CancellationToken);
                return value;
            }

            trial.MaxStep = a.Epochs;
            for (int epoch = 1; epoch <= a.Epochs; epoch++)
            {
                await Task.Delay(a.DelayMs / a.Epochs, trial.CancellationToken);
                await trial.ReportAsync(epoch, value + (1.0 / epoch)); // every curve falls toward its loss: ranks are stable
            }

            return value;
        });

        PrintView(result);
        return 0;
    }

    /// <summary>Prints the "view ..." and "done ..." lines WorkerReport reads.</summary>
    public static void PrintView(SearchResult result)
    {
        var trials = result.Trials;
        var best = result.BestTrial;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"view {trials.Count} {trials.Count(t => t is null)} {best?.Number ?? -1} {best?.Score ?? double.NaN:R} {trials.Count(t => t?.State == TrialState.Failed)} {trials.Count(t => t?.State == TrialState.Pruned)} {trials.Count(t => t?.IsForeign == true)} {trials.Count(t => t?.State == TrialState.Running)}"));
        Console.WriteLine($"done {result.TrialsThisRun} {result.StopReason}");
    }
}
