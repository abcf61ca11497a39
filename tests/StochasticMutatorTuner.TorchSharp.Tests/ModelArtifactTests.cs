using System.Text;
using StochasticMutatorTuner.Artifacts;
using StochasticMutatorTuner.TorchSharp.Data;
using StochasticMutatorTuner.TorchSharp.Models;
using StochasticMutatorTuner.TorchSharp.Training;
using StochasticMutatorTuner.Trials;
using StochasticMutatorTuner.Tuning;
using TorchSharp;
using static TorchSharp.torch;

namespace StochasticMutatorTuner.TorchSharp.Tests;

/// <summary>Models kept by the search, loaded back: real training on the wine data, a real SQLite study and folder.</summary>
[Collection(TorchCollection.Name)]
public sealed class ModelArtifactTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("smt-models-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static (TabularDataset Train, TabularDataset Validation) Wine() => TrainingRuntimeTests.Wine();

    private TunerOptions Tuning(int trials) => new()
    {
        ProjectDirectory = Path.Combine(_folder, "project"),
        StudyName = "wine",
        MaxTrials = trials,
        Seed = 4,
        Direction = Direction.Maximize,
    };

    private static TrainingOptions Training(NetConfig c, int seed, KeepModels keep) => new()
    {
        Epochs = 4,
        BatchSize = c.BatchSize,
        LearningRate = c.LearningRate,
        Score = ScoreMetric.ValidationAccuracy,
        ScoreLastEpochs = 1,
        Seed = seed,
        Device = CPU,
        KeepModels = keep,
    };

    private static nn.Module<Tensor, Tensor> Build(NetConfig c) => MlpBuilder.Build(13, c.Units, c.Activation, 0.2, 3);

    [Fact]
    public async Task A_kept_model_loads_back_with_outputs_identical_to_the_trained_model_on_the_validation_set()
    {
        var (train, validation) = Wine();
        var trained = new Dictionary<int, (float[] Outputs, List<float[]> Weights)>();
        var result = await new Tuner<NetConfig>(Tuning(3)).SearchAsync((config, trial) =>
        {
            Recorder? recorder = null;
            var fit = Trainer.Fit(() => recorder = new Recorder(Build(config)), train, validation, Training(config, trial.Seed, KeepModels.All), trial);
            trained[trial.Number] = recorder!.LastEvaluation!.Value; // Fit's last evaluation on the validation set, and the weights it ran with
            return fit.Score;
        });

        var (features, targets) = Trainer.ToTensors(validation, CPU);
        using (features)
        using (targets)
        {
            foreach (var trial in result.Trials)
            {
                using var loaded = result.Study.LoadModel(trial.Number, () => new Recorder(Build(result.ConfigOf(trial))));
                Assert.False(loaded.training);
                Assert.Equal(trained[trial.Number].Weights, Recorder.Weights(loaded)); // the trained weights, bit for bit
                using var noGrad = torch.no_grad();
                using var output = loaded.call(features);
                var (expected, actual) = (trained[trial.Number].Outputs, output.data<float>().ToArray());
                // CPU kernels may sum in another order from one call to the next (threads, alignment): the same
                // weights give outputs equal to the last float digits, and the same predictions.
                Assert.Equal(expected.Length, actual.Length);
                Assert.All(expected.Zip(actual), p => Assert.Equal(p.First, p.Second, 1e-5f));
                Assert.Equal(expected.Chunk(3).Select(ArgMax), actual.Chunk(3).Select(ArgMax));
                var (_, accuracy) = Trainer.Evaluate(loaded, features, targets, TaskKind.Classification);
                Assert.Equal(trial.Score!.Value, accuracy);
            }
        }
    }

    [Fact]
    public async Task Keeping_the_best_two_keeps_only_the_two_best_trials_models_and_the_best_one_loads_with_its_score()
    {
        var (train, validation) = Wine();
        var result = await new Tuner<NetConfig>(Tuning(8)).SearchAsync((config, trial) =>
            Trainer.Fit(() => Build(config), train, validation, Training(config, trial.Seed, KeepModels.Best(2)), trial).Score);

        var best = result.Trials.Where(t => t.HasScore).OrderByDescending(t => t.Score).ThenBy(t => t.Number).Take(2).Select(t => t.Number).Order();
        var kept = (await result.Study.Artifacts.ListAsync()).Where(a => a.Name == ModelArtifacts.FileName).Select(a => a.TrialNumber);
        Assert.Equal(best, kept);
        var files = Directory.GetFiles(result.Study.Artifacts.Folder!, ModelArtifacts.FileName, SearchOption.AllDirectories);
        Assert.Equal(2, files.Length);

        using var model = result.LoadBestModel(Build);
        var (features, targets) = Trainer.ToTensors(validation, CPU);
        using (features)
        using (targets)
        {
            Assert.Equal(result.BestScore!.Value, Trainer.Evaluate(model, features, targets, TaskKind.Classification).Accuracy);
        }
    }

    [Fact]
    public async Task Asking_for_a_model_that_was_not_kept_or_for_another_architecture_gives_a_clear_error()
    {
        var (train, validation) = Wine();
        var result = await new Tuner<NetConfig>(Tuning(2)).SearchAsync((config, trial) =>
            Trainer.Fit(() => Build(config), train, validation, Training(config, trial.Seed, trial.Number == 0 ? KeepModels.All : KeepModels.None), trial).Score);

        var missing = Assert.Throws<ArtifactNotFoundException>(() => result.Study.LoadModel(1, () => Build(result.ConfigOf(result.Trials[1]))));
        Assert.Contains("Trial 1 of study 'wine' has no artifact 'model.safetensors'", missing.Message);
        Assert.Contains("KeepModels.Best(k)", missing.Message);

        var other = new NetConfig { Layers = 1, Units = new[] { 32 }, Activation = "relu" }; // no trial has 32 units
        var mismatch = Assert.Throws<InvalidDataException>(() => result.Study.LoadModel(0, () => Build(other)));
        Assert.Contains("does not fit the module", mismatch.Message);
        Assert.Contains("linear0.weight", mismatch.Message);
    }

    [Fact]
    public async Task Keeping_the_best_models_with_a_direction_that_contradicts_the_score_is_refused_before_training()
    {
        var (train, validation) = Wine();
        var options = Tuning(1);
        options.Direction = Direction.Minimize;
        int epochsRun = 0;
        var result = await new Tuner<NetConfig>(options).SearchAsync((config, trial) =>
        {
            var error = Assert.Throws<ArgumentException>(() =>
                Trainer.Fit(() => Build(config), train, validation, Training(config, trial.Seed, KeepModels.Best(3)), trial));
            Assert.Contains("ValidationAccuracy", error.Message);
            Assert.Contains("Direction.Maximize", error.Message);
            epochsRun = trial.IntermediateValues.Count;
            return 1.0;
        });

        Assert.Equal(0, epochsRun);
        Assert.Equal(TrialState.Complete, result.Trials.Single().State);
        Assert.Throws<ArgumentException>(() => Trainer.Fit(() => Build(new NetConfig { Units = new[] { 4 } }), train, validation, Training(new NetConfig { BatchSize = 16, LearningRate = 1e-2 }, 1, KeepModels.All)));
    }

    [Fact]
    public async Task The_safetensors_layout_is_the_reference_one_and_every_dtype_round_trips()
    {
        using var module = new TensorBag();
        using var stream = new MemoryStream();
        await SafeTensors.WriteAsync(module, stream, new Dictionary<string, string> { ["format"] = "pt" });
        var bytes = stream.ToArray();

        ulong headerLength = BitConverter.ToUInt64(bytes, 0);
        Assert.Equal(0UL, headerLength % 8);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)headerLength);
        Assert.StartsWith("{\"__metadata__\":{\"format\":\"pt\"},\"f32\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},\"i64\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[24,40]}", header);
        Assert.Equal(8 + (int)headerLength + 24 + 16 + 3 + 8, bytes.Length);
        Assert.Equal(1.5f, BitConverter.ToSingle(bytes, 8 + (int)headerLength + 4)); // little-endian, row-major

        stream.Position = 0;
        var read = SafeTensors.Read(stream);
        try
        {
            Assert.Equal(new[] { "f32", "i64", "u8", "f64" }, read.Keys);
            Assert.Equal(new[] { 0f, 1.5f, 2f, 3f, 4f, -5f }, read["f32"].data<float>().ToArray());
            Assert.Equal(new[] { 7L, -9L }, read["i64"].data<long>().ToArray());
            Assert.Equal(new byte[] { 1, 2, 255 }, read["u8"].data<byte>().ToArray());
            Assert.Equal(new[] { Math.PI }, read["f64"].data<double>().ToArray());
        }
        finally
        {
            foreach (var t in read.Values)
            {
                t.Dispose();
            }
        }

        stream.Position = 0;
        Assert.Equal("pt", SafeTensors.ReadMetadata(stream)["format"]);
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3 }, "shorter than its 8-byte header length")]
    [InlineData(new byte[] { 255, 255, 255, 255, 0, 0, 0, 0, 1 }, "not plausible")]
    [InlineData(new byte[] { 4, 0, 0, 0, 0, 0, 0, 0, (byte)'n', (byte)'o', (byte)'p', (byte)'e' }, "header is not the JSON")]
    public void A_file_that_is_not_safetensors_is_refused_with_the_reason(byte[] content, string reason)
    {
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(new MemoryStream(content)));
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public async Task A_truncated_file_is_refused_and_leaves_no_tensor_behind()
    {
        using var module = new TensorBag();
        using var stream = new MemoryStream();
        await SafeTensors.WriteAsync(module, stream);
        var cut = stream.ToArray()[..^5];
        long before = Tensor.TotalCount;
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(new MemoryStream(cut)));
        Assert.Contains("ends before the data", error.Message);
        Assert.Equal(before, Tensor.TotalCount);
    }

    private static int ArgMax(float[] row) => Array.IndexOf(row, row.Max());

    /// <summary>Remembers the outputs of its last forward pass in evaluation mode (Fit's last validation pass) and the weights that made them.</summary>
    private sealed class Recorder : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> inner;
        private readonly List<(float[] Outputs, List<float[]> Weights)> _evaluations = new();

        public Recorder(nn.Module<Tensor, Tensor> inner)
            : base("recorder")
        {
            this.inner = inner;
            RegisterComponents();
        }

        public (float[] Outputs, List<float[]> Weights)? LastEvaluation => _evaluations.Count == 0 ? null : _evaluations[^1];

        public static List<float[]> Weights(nn.Module module)
        {
            using var scope = torch.NewDisposeScope();
            return module.parameters().Select(p => p.detach().cpu().data<float>().ToArray()).ToList();
        }

        public override Tensor forward(Tensor input)
        {
            var output = inner.call(input);
            if (!training)
            {
                _evaluations.Add((output.detach().cpu().data<float>().ToArray(), Weights(this)));
            }

            return output;
        }
    }

    /// <summary>A module holding buffers of several dtypes, to write and read.</summary>
    private sealed class TensorBag : nn.Module
    {
        public TensorBag()
            : base("bag")
        {
            register_buffer("f32", torch.tensor(new[] { 0f, 1.5f, 2f, 3f, 4f, -5f }).reshape(2, 3));
            register_buffer("i64", torch.tensor(new[] { 7L, -9L }));
            register_buffer("u8", torch.tensor(new byte[] { 1, 2, 255 }));
            register_buffer("f64", torch.tensor(new[] { Math.PI }));
        }
    }
}
