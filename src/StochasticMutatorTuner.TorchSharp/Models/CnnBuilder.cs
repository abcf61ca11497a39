using TorchSharp;
using static TorchSharp.torch;

namespace StochasticMutatorTuner.TorchSharp.Models;

/// <summary>Builds small convolutional networks for square grey images given as flat rows (e.g. Fashion-MNIST's 784 features).</summary>
public static class CnnBuilder
{
    /// <summary>
    /// <c>[Conv3×3(c) → activation → MaxPool2] per entry of <paramref name="channels"/> → Linear(dense) → activation
    /// → Dropout? → Linear(classes)</c>, reading each row as a <paramref name="side"/>×<paramref name="side"/> image.
    /// </summary>
    /// <exception cref="ArgumentException">Sizes below 1, too many pooling steps for the image, a bad dropout or activation.</exception>
    public static nn.Module<Tensor, Tensor> Build(int side, IReadOnlyList<int> channels, int dense, string activation, double dropout, int classes)
    {
        ArgumentNullException.ThrowIfNull(channels);
        if (side < 1 || dense < 1 || classes < 1)
        {
            throw new ArgumentException($"Image side, dense units and classes must be at least 1 (got {side}, {dense}, {classes}).");
        }

        if (dropout is < 0 or >= 1 || double.IsNaN(dropout))
        {
            throw new ArgumentException($"Dropout must be in [0, 1) (got {dropout}).", nameof(dropout));
        }

        if (side >> channels.Count < 1)
        {
            throw new ArgumentException($"{channels.Count} pooling steps shrink a {side}-pixel image to nothing.", nameof(channels));
        }

        var layers = new List<(string, nn.Module<Tensor, Tensor>)> { ("image", nn.Unflatten(1, new long[] { 1, side, side })) };
        int inChannels = 1;
        int size = side;
        for (int i = 0; i < channels.Count; i++)
        {
            if (channels[i] < 1)
            {
                throw new ArgumentException($"Convolution {i} has {channels[i]} channels; every layer needs at least one.", nameof(channels));
            }

            layers.Add(($"conv{i}", nn.Conv2d(inChannels, channels[i], 3, padding: 1)));
            layers.Add(($"act{i}", Activations.Create(activation)));
            layers.Add(($"pool{i}", nn.MaxPool2d(2)));
            inChannels = channels[i];
            size /= 2;
        }

        layers.Add(("flatten", nn.Flatten()));
        layers.Add(("dense", nn.Linear(inChannels * size * size, dense)));
        layers.Add(("dense_act", Activations.Create(activation)));
        if (dropout > 0)
        {
            layers.Add(("dropout", nn.Dropout(dropout)));
        }

        layers.Add(("output", nn.Linear(dense, classes)));
        return nn.Sequential(layers);
    }
}
