using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace StochasticMutatorTuner.TorchSharp.Models;

/// <summary>Builds multi-layer perceptrons from config values.</summary>
public static class MlpBuilder
{
    /// <summary>
    /// <c>inputs → [Linear(units) → activation → Dropout?] per hidden layer → Linear(outputs)</c>.
    /// </summary>
    /// <param name="inputs">Input features.</param>
    /// <param name="hiddenUnits">Units of each hidden layer (may be empty: a linear model).</param>
    /// <param name="activation">An <see cref="Activations"/> name.</param>
    /// <param name="dropout">Dropout probability after each hidden layer, in [0, 1); 0 for none.</param>
    /// <param name="outputs">Output units (classes, or 1 for regression).</param>
    /// <exception cref="ArgumentException">A size below 1, a dropout outside [0, 1), or an unknown activation.</exception>
    public static nn.Module<Tensor, Tensor> Build(int inputs, IReadOnlyList<int> hiddenUnits, string activation, double dropout, int outputs)
    {
        ArgumentNullException.ThrowIfNull(hiddenUnits);
        if (inputs < 1 || outputs < 1)
        {
            throw new ArgumentException($"A network needs at least one input and one output (got {inputs} and {outputs}).");
        }

        if (dropout is < 0 or >= 1 || double.IsNaN(dropout))
        {
            throw new ArgumentException($"Dropout must be in [0, 1) (got {dropout.ToString(CultureInfo.InvariantCulture)}).", nameof(dropout));
        }

        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        int width = inputs;
        for (int i = 0; i < hiddenUnits.Count; i++)
        {
            if (hiddenUnits[i] < 1)
            {
                throw new ArgumentException($"Hidden layer {i} has {hiddenUnits[i]} units; every layer needs at least one.", nameof(hiddenUnits));
            }

            layers.Add(($"linear{i}", nn.Linear(width, hiddenUnits[i])));
            layers.Add(($"act{i}", Activations.Create(activation)));
            if (dropout > 0)
            {
                layers.Add(($"dropout{i}", nn.Dropout(dropout)));
            }

            width = hiddenUnits[i];
        }

        layers.Add(("output", nn.Linear(width, outputs)));
        return nn.Sequential(layers);
    }
}
