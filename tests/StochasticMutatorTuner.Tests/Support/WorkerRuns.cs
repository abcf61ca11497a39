using System.Diagnostics;
using StochasticMutatorTuner.Storage;

namespace StochasticMutatorTuner.Tests.Support;

/// <summary>Waiting for test worker processes and reading back the study they shared.</summary>
internal static class WorkerRuns
{
    /// <summary>Waits for every worker; each must exit 0 and report its view. Returns the reports in the order the workers stopped.</summary>
    public static async Task<List<WorkerReport>> WaitInExitOrderAsync(List<Process> processes)
    {
        var pending = processes.ToDictionary(p => p, p => (Output: p.StandardOutput.ReadToEndAsync(), Error: p.StandardError.ReadToEndAsync()));
        var exits = processes.ToDictionary(p => p.WaitForExitAsync(), p => p);
        var reports = new List<WorkerReport>();
        while (exits.Count > 0)
        {
            var done = await Task.WhenAny(exits.Keys);
            var process = exits[done];
            exits.Remove(done);
            var (output, error) = pending[process];
            Assert.True(process.ExitCode == 0, $"a worker exited with {process.ExitCode}: {await error}");
            reports.Add(WorkerReport.Parse(await output));
            process.Dispose();
        }

        return reports;
    }

    public static async Task<IReadOnlyList<StoredTrial>> ReadTrialsAsync(string location, string study)
    {
        await using var storage = StudyStorage.Open(location, readOnly: true);
        var info = await storage.FindStudyAsync(study);
        return info is null ? Array.Empty<StoredTrial>() : await storage.GetTrialsAsync(info.Id);
    }
}
