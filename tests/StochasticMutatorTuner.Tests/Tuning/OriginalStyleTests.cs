using StochasticMutatorTuner.Dynamic;
using StochasticMutatorTuner.Tests.Support;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Tests.Tuning;

/// <summary>The original tuner's style: subclass, override run-trial, call score-trial; search(*args) reaches run-trial.</summary>
public class OriginalStyleTests
{
    private sealed class MyTuner(TunerOptions options) : Tuner<SmallConfig>(options)
    {
        public List<IReadOnlyList<object?>> Arguments { get; } = new();

        protected override void RunTrial(TrialContext<SmallConfig> trial, IReadOnlyList<object?> args)
        {
            Arguments.Add(args);
            double offset = (double)args[0]!;
            ScoreTrial(trial, trial.Config.Loss() + offset);
        }
    }

    [Fact]
    public async Task Run_trial_gets_the_search_arguments_and_score_trial_sets_the_score()
    {
        var tuner = new MyTuner(new TunerOptions { StorageUrl = "memory", MaxTrials = 12, Seed = 2 });
        var result = await tuner.SearchAsync(100.0, "unused");

        Assert.Equal(12, tuner.Arguments.Count);
        Assert.All(tuner.Arguments, a => Assert.Equal(new object?[] { 100.0, "unused" }, a));
        Assert.All(result.Trials, t => Assert.True(t.Score >= 100));
        Assert.Equal(result.BestConfig!.Loss() + 100, result.BestScore);
    }

    private sealed class Unscored(TunerOptions options) : Tuner<SmallConfig>(options)
    {
        protected override Task RunTrialAsync(TrialContext<SmallConfig> trial, IReadOnlyList<object?> args) => Task.CompletedTask;
    }

    [Fact]
    public async Task A_trial_that_is_never_scored_is_discarded_like_the_originals_none()
    {
        var result = await new Unscored(new TunerOptions { StorageUrl = "memory", MaxTrials = 3 }).SearchAsync();
        Assert.All(result.Trials, t => Assert.Equal((TrialState.Complete, (double?)null), (t.State, t.Score)));
        Assert.Null(result.BestTrial);
    }

    [Fact]
    public async Task A_tuner_with_neither_an_objective_nor_an_override_fails_its_trials_with_a_clear_message()
    {
        var options = new TunerOptions { StorageUrl = "memory", MaxTrials = 5, MaxConsecutiveFailures = 2 };
        var result = await new Tuner<SmallConfig>(options).SearchAsync();
        Assert.Equal(StopReason.TooManyFailures, result.StopReason);
        Assert.Contains("must override RunTrial or RunTrialAsync", result.Trials[0].Error);
    }
}

/// <summary>Define-by-run: the build function declares parameters; activity is what it read.</summary>
public class DynamicTunerTests
{
    /// <summary>The original README's model, as a define-by-run build function returning a description.</summary>
    private static string Build(HyperParameters hp)
    {
        hp.Param("batch_size", new[] { 32, 64, 128, 256 }, ordered: true);
        var layers = new List<int>();
        for (int x = 0; x < hp.Param("num_layers", new[] { 1, 2, 3, 4 }, ordered: true); x++)
        {
            layers.Add(hp.Param($"kernel_size_{x}", new[] { 50, 100, 200 }, ordered: true));
        }

        string activation = hp.Param("activation", new[] { "tanh", "softsign", "selu", "relu", "elu", "softplus" });
        double dropout = hp.Param("dropout", new[] { true, false }) ? hp.Param("dropout_val", new[] { 0.1, 0.2, 0.3, 0.4, 0.5 }, ordered: true) : 0;
        return $"{string.Join("-", layers)}/{activation}/{dropout}";
    }

    private static double Score(HyperParameters hp) =>
        Math.Abs(hp.Get<int>("num_layers") - 2) + (hp.Get<int>("batch_size") == 64 ? 0 : 1) + (hp.Get<string>("activation") == "relu" ? 0 : 1)
        + (hp.Get<bool>("dropout") ? hp.Get<double>("dropout_val") : 1);

    [Fact]
    public async Task A_define_by_run_search_discovers_the_space_and_keys_only_read_parameters()
    {
        var tuner = new DynamicTuner<string>(Build, new TunerOptions { StorageUrl = "memory", MaxTrials = 60, Seed = 4 });
        var result = await tuner.SearchAsync((model, trial) => Score(trial.HyperParameters));

        Assert.Equal(60, result.Trials.Count);
        Assert.Equal(60, result.Trials.Select(t => t.Key).Distinct().Count());
        var space = result.Study.Space;
        Assert.True(space.Contains("kernel_size_3"));
        Assert.True(space.Contains("dropout_val"));
        foreach (var t in result.Trials)
        {
            int layers = (int)t.Params["num_layers"];
            Assert.Equal(layers, t.Params.Keys.Count(k => k.StartsWith("kernel_size_", StringComparison.Ordinal)));
            Assert.Equal((bool)t.Params["dropout"], t.Params.ContainsKey("dropout_val"));
        }

        Assert.True(result.BestScore <= 0.3, $"best {result.BestScore}");
    }

    [Fact]
    public async Task A_small_define_by_run_space_is_exhausted_exactly()
    {
        static string Tiny(HyperParameters hp) => hp.Param("gate") ? $"level {hp.Param("level", new[] { 1, 2, 3 }, ordered: true)}" : hp.Param("mode", new[] { "a", "b" });
        var tuner = new DynamicTuner<string>(Tiny, new TunerOptions { StorageUrl = "memory", Seed = 1 });
        int calls = 0;
        var result = await tuner.SearchAsync((model, trial) => { calls++; return model.Length; });
        Assert.Equal(StopReason.SpaceExhausted, result.StopReason);
        Assert.Equal(5, calls); // gate on: 3 levels; gate off: 2 modes
        Assert.Equal(5, result.Trials.Select(t => t.Key).Distinct().Count());
    }

    [Fact]
    public async Task Declaring_a_name_twice_with_other_values_fails_the_trial_with_a_clear_message()
    {
        // SMT0019 reports this at build time; the run-time check must still stop it when the analyzer is silenced.
#pragma warning disable SMT0019
        static int Bad(HyperParameters hp) => hp.Param("x", new[] { 1, 2 }) + hp.Param("x", new[] { 1, 2, 3 });
#pragma warning restore SMT0019
        var options = new TunerOptions { StorageUrl = "memory", MaxTrials = 3 };
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new DynamicTuner<int>(Bad, options).SearchAsync((v, _) => v));
        Assert.Contains("Parameter 'x' was declared with values [1, 2]", error.Message);
    }

    private sealed class OriginalTuner(TunerOptions options) : DynamicTuner<string>(Build, options)
    {
        public int Runs { get; private set; }

        protected override void RunTrial(DynamicTrialContext trial, IReadOnlyList<object?> args)
        {
            var model = BuildModel(trial); // the original's self.hypermodel.build(hp)
            Assert.Contains("/", model);
            Runs++;
            ScoreTrial(trial, Score(trial.HyperParameters) * (double)args[0]!);
        }
    }

    [Fact]
    public async Task The_original_subclass_style_works_with_define_by_run_spaces()
    {
        var tuner = new OriginalTuner(new TunerOptions { StorageUrl = "memory", MaxTrials = 10, Seed = 6 });
        var result = await tuner.SearchAsync(2.0);
        Assert.Equal(10, tuner.Runs);
        Assert.All(result.Trials, t => Assert.True(t.HasScore));
    }
}
