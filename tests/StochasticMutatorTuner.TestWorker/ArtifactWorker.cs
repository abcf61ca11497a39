using System.Text;
using StochasticMutatorTuner.Tests.Support;
using StochasticMutatorTuner.Tuning;

/// <summary>Workers that save artifacts, for the multi-process artifact tests.</summary>
internal static class ArtifactWorker
{
    public static async Task<int> RunAsync(string storage, string study, int trials, string folder, int delayMs)
    {
        var options = new TunerOptions { StorageUrl = storage, StudyName = study, MaxTrials = trials, ArtifactFolder = folder, MaxConsecutiveFailures = null };
        var result = await new Tuner<WorkerConfig>(options).SearchAsync(async (config, trial) =>
        {
            double loss = config.Loss();
            await Task.Delay(delayMs, trial.CancellationToken);
            await trial.SaveArtifactAsync("log.txt", new MemoryStream(Encoding.UTF8.GetBytes($"trial {trial.Number} loss {loss}")));
            await trial.Study.Artifacts.SaveIfAmongBestAsync(trial.Number, loss, "model.bin", 3, (stream, ct) => stream.WriteAsync(ArtifactContent.Of(trial.Number), ct).AsTask());
            return loss;
        });
        Console.WriteLine($"done {result.TrialsThisRun} {result.StopReason}");
        return 0;
    }

    public static async Task<int> CrashAsync(string storage, string study, string folder)
    {
        var options = new TunerOptions { StorageUrl = storage, StudyName = study, MaxTrials = 2, ArtifactFolder = folder, Seed = 1 };
        await new Tuner<SmallConfig>(options).SearchAsync(async (config, trial) =>
        {
            await trial.SaveArtifactAsync("model.bin", new MemoryStream(ArtifactContent.Of(trial.Number, 1 << 20)));
            if (trial.Number == 1)
            {
                var halfway = new CountdownEvent(2);
                async Task Stall(Stream stream, CancellationToken ct)
                {
                    await stream.WriteAsync(ArtifactContent.Of(99, 1 << 19), ct);
                    await stream.FlushAsync(ct);
                    halfway.Signal();
                    await Task.Delay(Timeout.Infinite, CancellationToken.None); // killed here, mid-write
                }

                var replace = trial.SaveArtifactAsync("model.bin", Stall);
                var create = trial.SaveArtifactAsync("big.bin", Stall);
                halfway.Wait();
                Console.WriteLine("writing");
                Console.Out.Flush();
                await Task.WhenAll(replace, create);
            }

            return config.Loss();
        });
        return 0;
    }
}
