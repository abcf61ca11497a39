using StochasticMutatorTuner.TorchSharp.Data;

namespace StochasticMutatorTuner.Benchmarks.Building;

/// <summary>Loads the builders' data: the CSV files copied next to the builder, and Fashion-MNIST subsets.</summary>
internal static class BenchmarkData
{
    /// <summary>A CSV file shipped with the builder, split (stratified for classification) and standardized on the training rows.</summary>
    public static (TabularDataset Train, TabularDataset Validation) Csv(string file, TaskKind kind, double validationFraction, int seed)
    {
        var data = TabularDataset.LoadCsv(Path.Combine(AppContext.BaseDirectory, "data", file), kind);
        if (kind == TaskKind.Regression)
        {
            // Unit-variance targets make the MSE comparable across tables; the mean and spread are the whole set's.
            data = data.StandardizeTargets().Scaled;
        }

        var (train, validation) = data.Split(validationFraction, seed);
        var (mean, std) = train.FeatureStatistics();
        return (train.Standardize(mean, std), validation.Standardize(mean, std));
    }

    /// <summary>
    /// The first 3,000 images of Fashion-MNIST's training file, shrunk to 14×14 by averaging 2×2 blocks (4× less
    /// compute per epoch; still 10 classes of real images), split stratified into 2,000 training and 1,000
    /// validation images: the data of both image benchmarks.
    /// </summary>
    public static (TabularDataset Train, TabularDataset Validation, string Description) FashionSubset()
    {
        const int rows = 3000, seed = 1;
        var (all, _) = FashionMnist.Load(trainLimit: rows, testLimit: 1);
        var (train, validation) = Downsample(all).Split(1.0 / 3, seed);
        return (train, validation, $"Fashion-MNIST: the first {rows} training images, averaged down to 14×14, {train.Count} training / {validation.Count} validation (stratified, seed {seed})");
    }

    private static TabularDataset Downsample(TabularDataset images)
    {
        const int side = 28, half = side / 2;
        var source = images.Features;
        var features = new float[images.Count * half * half];
        for (int r = 0; r < images.Count; r++)
        {
            for (int y = 0; y < half; y++)
            {
                for (int x = 0; x < half; x++)
                {
                    int p = r * side * side + 2 * y * side + 2 * x;
                    features[r * half * half + y * half + x] = (source[p] + source[p + 1] + source[p + side] + source[p + side + 1]) / 4;
                }
            }
        }

        return new TabularDataset(features, images.Targets.ToArray(), half * half, TaskKind.Classification);
    }
}
