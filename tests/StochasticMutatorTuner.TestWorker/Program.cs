using System.Globalization;
using StochasticMutatorTuner.Tests.Support;
using StochasticMutatorTuner.Tuning;

// Commands:
//   keys                               the key of every distinct config of the test spaces, one per line
//   worker STORAGE STUDY TRIALS DELAYMS [HANG_AT_TRIAL]
//                                      runs a search of SmallConfig on a shared storage; with HANG_AT_TRIAL the
//                                      worker prints "hanging N" and blocks inside trial number N (to be killed)
//   reporting-worker STORAGE STUDY TRIALS DELAYMS
//                                      like worker, but each trial reports 4 steps and an accuracy metric, a median
//                                      pruner stops some, and trial 2 fails with an error holding markup
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
        string storage = args[1];
        string study = args[2];
        int trials = int.Parse(args[3], CultureInfo.InvariantCulture);
        int delay = int.Parse(args[4], CultureInfo.InvariantCulture);
        int? hangAt = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : null;
        var options = new TunerOptions
        {
            StorageUrl = storage,
            StudyName = study,
            MaxTrials = trials,
            MaxConsecutiveFailures = null,
            HeartbeatInterval = TimeSpan.FromMilliseconds(200),
            StaleTrialTimeout = TimeSpan.FromSeconds(2),
        };
        var result = await new Tuner<SmallConfig>(options).SearchAsync(async (config, trial) =>
        {
            if (hangAt == trial.Number)
            {
                Console.WriteLine($"hanging {trial.Number}");
                Console.Out.Flush();
                await Task.Delay(Timeout.Infinite);
            }

            await Task.Delay(delay);
            return config.Loss();
        });
        Console.WriteLine($"done {result.TrialsThisRun} {result.StopReason}");
        return 0;

    case "reporting-worker":
        var reporting = new TunerOptions
        {
            StorageUrl = args[1],
            StudyName = args[2],
            MaxTrials = int.Parse(args[3], CultureInfo.InvariantCulture),
            MaxConsecutiveFailures = null,
            Seed = 5,
            Pruner = new StochasticMutatorTuner.Pruning.MedianPruner { StartupTrials = 3 },
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

    default:
        Console.Error.WriteLine("usage: keys | worker STORAGE STUDY TRIALS DELAYMS [HANG_AT_TRIAL] | reporting-worker STORAGE STUDY TRIALS DELAYMS");
        return 2;
}
