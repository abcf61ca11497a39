namespace StochasticMutatorTuner.IntegrationTests;

/// <summary>Fresh projects that reference the packed packages, built and run with the dotnet CLI.</summary>
[Collection(PackagesCollection.Name)]
public class ConsumerTests(PackageFeed feed)
{
    /// <summary>
    /// The README's Install section, step by step: a new console project set up with exactly what eng/pack.sh
    /// printed (nuget.config, <c>dotnet add package</c> lines, the RuntimeIdentifier line), real TorchSharp training,
    /// then the smt tool installed with the printed command and reading the project's SQLite study.
    /// </summary>
    [Fact]
    public void A_new_console_project_set_up_as_pack_sh_prints_runs_a_search_and_the_installed_smt_tool_reads_its_study()
    {
        var app = feed.CreateFolder("Consumer");
        Run(app, "dotnet", "new", "console", "--name", "Consumer", "--output", ".");
        Run(app, PackageFeed.Arguments(feed.PrintedLine("dotnet add package StochasticMutatorTuner.TorchSharp ")));
        Run(app, PackageFeed.Arguments(feed.PrintedLine("dotnet add package TorchSharp-cpu ")));
        var project = Path.Combine(app, "Consumer.csproj");
        File.WriteAllText(project, File.ReadAllText(project).Replace("<PropertyGroup>", "<PropertyGroup>\n    " + feed.PrintedLine("<RuntimeIdentifier>"), StringComparison.Ordinal));
        foreach (var source in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Consumer"), "*.cs"))
        {
            File.Copy(source, Path.Combine(app, Path.GetFileName(source)), overwrite: true);
        }

        var build = Dotnet.Run(app, "build", "-c", "Release");
        Assert.True(build.ExitCode == 0, "build failed:\n" + build.Output);
        Assert.DoesNotMatch(@"warning [A-Z]+\d+", build.Output);
        if (OperatingSystem.IsLinux() && !SystemLibStdCxxHasMarkerVersion())
        {
            // The native-library task says, once, what it did to the copy in the output folder.
            Assert.Contains("StochasticMutatorTuner: made ", build.Output);
            Assert.Contains(Path.Combine(app, "bin", "Release"), build.Output);
            Assert.Contains("GLIBCXX_3.4.32 requirement is now weak", build.Output);
        }

        // The RuntimeIdentifier keeps one platform's libtorch: no other platform's natives in the output.
        var outputFiles = Directory.GetFiles(Path.Combine(app, "bin"), "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
        Assert.Contains(OperatingSystem.IsWindows() ? "torch_cpu.dll" : OperatingSystem.IsMacOS() ? "libtorch_cpu.dylib" : "libtorch_cpu.so", outputFiles);
        Assert.Equal(1, outputFiles.Count(f => f is "torch_cpu.dll" or "libtorch_cpu.dylib" or "libtorch_cpu.so"));

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

        // The smt tool, installed with the printed command (into a folder instead of globally), reads the study.
        var tools = Path.Combine(feed.Root, "tools");
        var install = PackageFeed.Arguments(feed.PrintedLine("dotnet tool install ")).Select(a => a == "--global" ? "--tool-path=" + tools : a).ToArray();
        Run(feed.Root, install);
        var smt = Path.Combine(tools, OperatingSystem.IsWindows() ? "smt.exe" : "smt");
        var help = ProcessRunner.Run(smt, app, "--help");
        Assert.True(help.ExitCode == 0, help.Output);
        Assert.Matches(@"Usage:\s+smt \[command\]", help.Output);
        var studies = ProcessRunner.Run(smt, app, "studies", "-s", "consumer-project");
        Assert.True(studies.ExitCode == 0, studies.Output);
        Assert.Matches(@"(?m)^consumer\s+maximize\s+6\s", studies.Output);
    }

    /// <summary>Runs a printed command line (its first word is the program) in <paramref name="folder"/>.</summary>
    private static void Run(string folder, params string[] commandLine)
    {
        var (exitCode, output) = ProcessRunner.Run(commandLine[0], folder, commandLine[1..]);
        Assert.True(exitCode == 0, $"{string.Join(' ', commandLine)} failed:\n{output}");
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
