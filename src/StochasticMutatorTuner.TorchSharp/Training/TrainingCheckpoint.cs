using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace StochasticMutatorTuner.TorchSharp.Training;

/// <summary>
/// What a resumed run needs to continue exactly where it paused: the epochs so far, the state of TorchSharp's random
/// generator (dropout masks), the model's parameters and buffers and the optimizer's state. The batch order needs
/// nothing: it is replayed from the seed. One binary stream, written and read in the same order.
/// </summary>
internal static class TrainingCheckpoint
{
    private const int Format = 1;

    public static void Write(Stream stream, IReadOnlyList<EpochResult> epochs, nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Format);
        writer.Write(epochs.Count);
        foreach (var e in epochs)
        {
            writer.Write(e.Epoch);
            writer.Write(e.TrainLoss);
            writer.Write(e.ValidationLoss);
            writer.Write(e.ValidationAccuracy);
        }

        using var rng = torch.Generator.Default.get_state();
        var state = rng.data<byte>().ToArray();
        writer.Write(state.Length);
        writer.Write(state);
        model.save(writer);
        ((global::TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(writer);
        writer.Flush();
    }

    /// <summary>Restores the model, optimizer and generator from <paramref name="stream"/>; returns the epochs it holds.</summary>
    /// <exception cref="InvalidDataException">The checkpoint is not one this version wrote.</exception>
    public static List<EpochResult> Read(Stream stream, nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        int format = reader.ReadInt32();
        if (format != Format)
        {
            throw new InvalidDataException($"The trial's checkpoint has format {format}; this version of Trainer reads format {Format}.");
        }

        var epochs = new List<EpochResult>();
        for (int i = reader.ReadInt32(); i > 0; i--)
        {
            epochs.Add(new EpochResult(reader.ReadInt32(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble()));
        }

        var state = reader.ReadBytes(reader.ReadInt32());
        using (var rng = torch.tensor(state, dtype: ScalarType.Byte))
        {
            torch.Generator.Default.set_state(rng);
        }

        model.load(reader);
        ((global::TorchSharp.Modules.OptimizerHelper)optimizer).load_state_dict(reader);
        return epochs;
    }
}
