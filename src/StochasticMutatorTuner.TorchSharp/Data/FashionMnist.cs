namespace StochasticMutatorTuner.TorchSharp.Data;

/// <summary>
/// Fashion-MNIST (Zalando; 60,000 training and 10,000 test 28×28 grey images of 10 clothing classes) from a folder
/// with the four standard IDX files, plain or gzipped. Debian's and Ubuntu's <c>dataset-fashion-mnist</c> package
/// installs them in <see cref="DefaultFolder"/>.
/// </summary>
public static class FashionMnist
{
    /// <summary>Where <c>apt-get install dataset-fashion-mnist</c> puts the files.</summary>
    public const string DefaultFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>The class names, by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } = new[] { "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot" };

    /// <summary>
    /// Loads the training and test sets as 784 features in [0, 1] per image. <paramref name="trainLimit"/> and
    /// <paramref name="testLimit"/> take the first rows only (for quick runs); null takes all.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist; the message says how to get the data.</exception>
    /// <exception cref="FileNotFoundException">A standard file is missing; the message names it.</exception>
    public static (TabularDataset Train, TabularDataset Test) Load(string? folder = null, int? trainLimit = null, int? testLimit = null)
    {
        folder ??= DefaultFolder;
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Fashion-MNIST folder {folder} does not exist. On Debian or Ubuntu run `sudo apt-get install dataset-fashion-mnist`, or pass a folder with train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (optionally .gz).");
        }

        return (LoadPart(folder, "train", trainLimit), LoadPart(folder, "t10k", testLimit));
    }

    private static TabularDataset LoadPart(string folder, string prefix, int? limit)
    {
        var (imageDims, pixels) = IdxReader.Read(Find(folder, $"{prefix}-images-idx3-ubyte"));
        var (labelDims, labels) = IdxReader.Read(Find(folder, $"{prefix}-labels-idx1-ubyte"));
        if (imageDims.Length != 3 || labelDims.Length != 1 || imageDims[0] != labelDims[0])
        {
            throw new InvalidDataException($"{folder}: {prefix} images [{string.Join("x", imageDims)}] and labels [{string.Join("x", labelDims)}] do not match.");
        }

        int rows = Math.Min(imageDims[0], limit ?? int.MaxValue);
        int features = imageDims[1] * imageDims[2];
        var x = new float[rows * features];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = pixels[i] / 255f;
        }

        var y = new float[rows];
        for (int i = 0; i < rows; i++)
        {
            y[i] = labels[i];
        }

        return new TabularDataset(x, y, features, TaskKind.Classification);
    }

    private static string Find(string folder, string name)
    {
        foreach (var candidate in new[] { name, name + ".gz" })
        {
            var path = Path.Combine(folder, candidate);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException($"Fashion-MNIST file {name}(.gz) is missing from {folder}.", Path.Combine(folder, name));
    }
}
