namespace StochasticMutatorTuner.IntegrationTests;

/// <summary>The test classes that share one <see cref="PackageFeed"/>: the packages are cloned and packed once per run.</summary>
[CollectionDefinition(Name)]
public sealed class PackagesCollection : ICollectionFixture<PackageFeed>
{
    public const string Name = "packages";
}
