using System.Text.Json;
using StochasticMutatorTuner.Reporting;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Tests.Support;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Tests.Storage;

public class ExportTests
{
    private static async Task<Study> RunAsync()
    {
        var storage = new InMemoryStudyStorage();
        var options = new TunerOptions { Storage = storage, MaxTrials = 8, Seed = 2, StudyName = "export, \"quoted\"" };
        var result = await new Tuner<SmallConfig>(options).SearchAsync(async (config, trial) =>
        {
            await trial.ReportAsync(1, config.Loss() + 1);
            trial.SetMetric("accuracy", 1 / (1 + config.Loss()));
            return trial.Number == 3 ? throw new InvalidOperationException("bad, \"very\"") : config.Loss();
        });
        return result.Study;
    }

    [Fact]
    public async Task Json_export_holds_every_trial_with_its_parameters_and_metrics()
    {
        var study = await RunAsync();
        using var doc = JsonDocument.Parse(StudyExport.ToJson(study));
        var root = doc.RootElement;
        Assert.Equal("export, \"quoted\"", root.GetProperty("study").GetString());
        Assert.Equal("minimize", root.GetProperty("direction").GetString());
        Assert.Equal(SmallConfig.SearchSpace.Count, root.GetProperty("space").GetProperty("parameters").GetArrayLength());
        var trials = root.GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal(study.Trials.Count, trials.Count);
        Assert.Equal(9, trials.Count); // MaxTrials 8 counts complete trials; the failed one is extra
        foreach (var (json, trial) in trials.Zip(study.Trials))
        {
            Assert.Equal(trial.Key.ToString(), json.GetProperty("key").GetString());
            Assert.Equal(trial.Params.Count, json.GetProperty("params").EnumerateObject().Count());
            Assert.Equal(trial.Key, SmallConfig.FromJson(json.GetProperty("params").GetRawText()).GetConfigKey()); // typed config JSON
            Assert.Equal(1, json.GetProperty("intermediate").GetArrayLength());
        }

        Assert.Equal("failed", trials[3].GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, trials[3].GetProperty("score").ValueKind);
        Assert.Equal("InvalidOperationException: bad, \"very\"", trials[3].GetProperty("error").GetString());
    }

    [Fact]
    public async Task Csv_export_has_a_row_per_trial_and_quotes_what_needs_quoting()
    {
        var study = await RunAsync();
        var lines = StudyExport.ToCsv(study).TrimEnd().Split(Environment.NewLine);

        Assert.Equal(1 + 9, lines.Length);
        Assert.StartsWith("number,state,score,duration_s,started_at,key,worker,error,Width,Dropout,Rate,Optimizer,Momentum,metric:accuracy", lines[0]);
        Assert.Contains("\"InvalidOperationException: bad, \"\"very\"\"\"", lines[4]);
        Assert.StartsWith("3,failed,,", lines[4]);
        var best = study.BestTrial!;
        Assert.StartsWith($"{best.Number},complete,{best.Score!.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)},", lines[best.Number + 1]);
    }
}
