using TorchSharp;
using static TorchSharp.torch;

namespace StochasticMutatorTuner.TorchSharp.Models;

/// <summary>Activation functions by name (the names the original tuner's examples use).</summary>
public static class Activations
{
    /// <summary>The names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = new[] { "relu", "tanh", "sigmoid", "selu", "elu", "softplus", "softsign", "gelu", "leaky_relu" };

    /// <summary>A new activation module.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static nn.Module<Tensor, Tensor> Create(string name) => (name ?? "").ToLowerInvariant() switch
    {
        "relu" => nn.ReLU(),
        "tanh" => nn.Tanh(),
        "sigmoid" => nn.Sigmoid(),
        "selu" => nn.SELU(),
        "elu" => nn.ELU(),
        "softplus" => nn.Softplus(),
        "softsign" => nn.Softsign(),
        "gelu" => nn.GELU(),
        "leaky_relu" => nn.LeakyReLU(),
        _ => throw new ArgumentException($"Unknown activation '{name}'; use one of {string.Join(", ", Names)}.", nameof(name)),
    };
}
