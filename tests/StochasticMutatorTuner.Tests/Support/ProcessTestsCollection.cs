namespace StochasticMutatorTuner.Tests.Support;

/// <summary>
/// Tests that start many worker processes: they run one at a time and apart from every other test of this
/// assembly, so each one's load (up to 64 processes on a 2-core machine) is its own.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessTestsCollection
{
    public const string Name = "worker processes";
}
