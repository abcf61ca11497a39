using static TorchSharp.torch;

namespace StochasticMutatorTuner.TorchSharp;

/// <summary>Picks where tensors live.</summary>
public static class TorchDevice
{
    /// <summary>CUDA when a CUDA backend package is installed and a GPU is visible, else the CPU.</summary>
    public static Device Default => cuda.is_available() ? CUDA : CPU;
}
