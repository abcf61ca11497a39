namespace StochasticMutatorTuner.IntegrationTests;

/// <summary>A fresh project that references the packed packages, built and run with the dotnet CLI.</summary>
public class ConsumerTests(PackageFeed feed) : IClassFixture<PackageFeed>
{
    [Fact]
    public void A_consumer_builds_and_runs_a_search_with_real_torchsharp_training()
    {
        var app = feed.CreateConsumer("Consumer");

        var build = Dotnet.Run(app, "build", "-c", "Release");
        Assert.True(build.ExitCode == 0, "build failed:\n" + build.Output);
        if (OperatingSystem.IsLinux() && !SystemLibStdCxxHasMarkerVersion())
        {
            // The native-library task says, once, what it did to the copy in the output folder.
            Assert.Contains("StochasticMutatorTuner: made ", build.Output);
            Assert.Contains(Path.Combine(app, "bin", "Release"), build.Output);
            Assert.Contains("GLIBCXX_3.4.32 requirement is now weak", build.Output);
        }

        var run = Dotnet.Run(app, "run", "-c", "Release", "--no-build");
        Assert.True(run.ExitCode == 0, "run failed:\n" + run.Output);
        Assert.Contains("parameters: BatchSize,Layers,Units[0],Units[1],Units[2],Activation,Dropout,DropoutRate,Optimizer,Momentum,lr,Seed,Scale", run.Output);
        Assert.Contains("roundtrip: True", run.Output);
        Assert.Contains("trials: 6", run.Output);
        Assert.Contains("stop: MaxTrialsReached", run.Output);
        Assert.Matches(@"best accuracy: (0\.[6-9]\d|1\.00)", run.Output); // a linearly separable toy problem
        Assert.Contains("best config: MlpConfig { BatchSize = ", run.Output);

        // Publishing patches the published copy too, and the published app runs.
        var published = Path.Combine(app, "published");
        var publish = Dotnet.Run(app, "publish", "-c", "Release", "-o", published);
        Assert.True(publish.ExitCode == 0, "publish failed:\n" + publish.Output);
        var runPublished = Dotnet.Run(published, Path.Combine(published, "Consumer.dll"));
        Assert.True(runPublished.ExitCode == 0, "published app failed:\n" + runPublished.Output);
        Assert.Contains("trials: 6", runPublished.Output);
    }

    [Fact]
    public void An_invalid_space_fails_the_build_with_the_analyzers_diagnostics_and_no_follow_on_compiler_errors()
    {
        var app = feed.CreateConsumer("InvalidConsumer");

        var build = Dotnet.Run(app, "build", "-c", "Release");

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error SMT0001: 'NotPartial' must be declared partial", build.Output);
        Assert.Contains("error SMT0006: 'BatchSize' lists the value 64 more than once", build.Output);
        Assert.Contains("error SMT0010: The condition of 'Rate' names 'Dropot': no such member", build.Output);

        // The program calls ToJson, FromJson and SearchSpace and uses Tuner<BadConfig>: the generated placeholders
        // keep all of it compiling, so no CS0311 (ITunable<T>), CS1061 or CS0117 (missing member) hides the real errors.
        Assert.DoesNotMatch(@"error CS\d{4}", build.Output);
    }

    private static bool SystemLibStdCxxHasMarkerVersion()
    {
        var path = new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6" }.FirstOrDefault(File.Exists);
        return path is not null && File.ReadAllBytes(path).AsSpan().IndexOf("GLIBCXX_3.4.32\0"u8) >= 0;
    }
}
