namespace StochasticMutatorTuner.IntegrationTests;

/// <summary>The generated code needs no reflection: a sample compiles with NativeAOT, with no trim or AOT warning, and runs a search.</summary>
public class NativeAotTests
{
    [Fact]
    public void The_aot_sample_publishes_without_trim_or_aot_warnings_and_runs_a_search()
    {
        var root = Directory.CreateTempSubdirectory("smt-aot-").FullName;
        try
        {
            var output = Path.Combine(root, "out");
            var publish = Dotnet.Run(PackageFeed.RepositoryRoot, "publish", Path.Combine(PackageFeed.RepositoryRoot, "samples", "AotSearch", "AotSearch.csproj"),
                "-c", "Release", "-o", output, "--artifacts-path", Path.Combine(root, "artifacts"));
            Assert.True(publish.ExitCode == 0, "publish failed:\n" + publish.Output);
            Assert.DoesNotMatch(@"warning IL\d{4}", publish.Output);
            Assert.DoesNotContain("AOT analysis warning", publish.Output);

            var native = Path.Combine(output, "AotSearch");
            Assert.True(File.Exists(native), "the native executable should exist");
            Assert.False(File.Exists(Path.Combine(output, "AotSearch.dll")), "NativeAOT leaves no IL assembly to run");

            var database = Path.Combine(root, "study.db");
            var run = Run(native, database);
            Assert.Contains($"Study in SQLite file {database}.", run);
            Assert.Contains("MaxTrialsReached: 60 trials; best ", run);
            Assert.True(File.Exists(database), "the study is in the SQLite file");
            Assert.Matches(@"as JSON \{""Layers"":\d.*round trip AotConfig \{ Layers = ", run);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    private static string Run(string executable, string argument)
    {
        var info = new System.Diagnostics.ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(argument);
        using var process = System.Diagnostics.Process.Start(info)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, output);
        return output;
    }
}
