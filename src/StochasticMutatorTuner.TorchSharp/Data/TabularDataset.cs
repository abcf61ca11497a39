using System.Globalization;

namespace StochasticMutatorTuner.TorchSharp.Data;

/// <summary>
/// An in-memory table of float features and one target per row: what the training runtime consumes. Loaded from
/// CSV (header row; the last column, or the one named, is the target) or built from arrays.
/// </summary>
/// <remarks>Immutable; splits and standardisation return new datasets. Thread-safe.</remarks>
public sealed class TabularDataset
{
    private readonly float[] _features;
    private readonly float[] _targets;

    /// <summary>Creates a dataset from row-major features (rows × <paramref name="featureCount"/>) and one target per row.</summary>
    /// <param name="features">The feature values, row after row.</param>
    /// <param name="targets">One target per row: a class number (0, 1, …) or a value.</param>
    /// <param name="featureCount">Features per row.</param>
    /// <param name="kind">Classification or regression.</param>
    /// <param name="featureNames">Column names, for reports; f0, f1, … when null.</param>
    public TabularDataset(float[] features, float[] targets, int featureCount, TaskKind kind, IReadOnlyList<string>? featureNames = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (featureCount <= 0 || features.Length != targets.Length * featureCount)
        {
            throw new ArgumentException($"{features.Length} feature values do not make {targets.Length} rows of {featureCount} features.", nameof(features));
        }

        _features = features;
        _targets = targets;
        FeatureCount = featureCount;
        Kind = kind;
        FeatureNames = featureNames ?? Enumerable.Range(0, featureCount).Select(i => $"f{i}").ToArray();
        if (kind == TaskKind.Classification)
        {
            foreach (var t in targets)
            {
                if (t < 0 || t != MathF.Floor(t))
                {
                    throw new ArgumentException($"Classification targets must be class numbers 0, 1, 2, …; found {t.ToString(CultureInfo.InvariantCulture)}.", nameof(targets));
                }
            }

            ClassCount = targets.Length == 0 ? 0 : (int)targets.Max() + 1;
        }
    }

    /// <summary>The number of rows.</summary>
    public int Count => _targets.Length;

    /// <summary>The number of feature columns.</summary>
    public int FeatureCount { get; }

    /// <summary>The feature columns' names.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Classification or regression.</summary>
    public TaskKind Kind { get; }

    /// <summary>For classification: the number of classes (largest label + 1); 0 for regression.</summary>
    public int ClassCount { get; }

    /// <summary>The row-major features.</summary>
    public ReadOnlySpan<float> Features => _features;

    /// <summary>The targets.</summary>
    public ReadOnlySpan<float> Targets => _targets;

    /// <summary>
    /// Loads a CSV file with a header row. The target is the column named <paramref name="targetColumn"/>, or the
    /// last column. Every other column must be numeric.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is empty or malformed; the message names the file, line and column.</exception>
    public static TabularDataset LoadCsv(string path, TaskKind kind, string? targetColumn = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Dataset file {Path.GetFullPath(path)} does not exist.", path);
        }

        using var reader = new StreamReader(path);
        string? header = reader.ReadLine();
        if (string.IsNullOrWhiteSpace(header))
        {
            throw new InvalidDataException($"{path}: the file is empty; expected a header row.");
        }

        var columns = header.Split(',').Select(c => c.Trim()).ToArray();
        int target = targetColumn is null ? columns.Length - 1 : Array.IndexOf(columns, targetColumn);
        if (target < 0)
        {
            throw new InvalidDataException($"{path}: no column named '{targetColumn}' in the header ({string.Join(", ", columns)}).");
        }

        if (columns.Length < 2)
        {
            throw new InvalidDataException($"{path}: the header has {columns.Length} column; a dataset needs at least one feature and a target.");
        }

        var features = new List<float>();
        var targets = new List<float>();
        int lineNumber = 1;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var cells = line.Split(',');
            if (cells.Length != columns.Length)
            {
                throw new InvalidDataException($"{path}, line {lineNumber}: {cells.Length} values where the header has {columns.Length} columns.");
            }

            for (int c = 0; c < cells.Length; c++)
            {
                if (!float.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out float value) || !float.IsFinite(value))
                {
                    throw new InvalidDataException($"{path}, line {lineNumber}, column '{columns[c]}': '{cells[c]}' is not a finite number.");
                }

                if (c == target)
                {
                    targets.Add(value);
                }
                else
                {
                    features.Add(value);
                }
            }
        }

        if (targets.Count == 0)
        {
            throw new InvalidDataException($"{path}: the file has a header but no rows.");
        }

        var names = columns.Where((_, i) => i != target).ToArray();
        try
        {
            return new TabularDataset(features.ToArray(), targets.ToArray(), names.Length, kind, names);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }
    }

    /// <summary>The rows at <paramref name="indices"/>, in that order.</summary>
    public TabularDataset Subset(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var features = new float[indices.Count * FeatureCount];
        var targets = new float[indices.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            int row = indices[i];
            Array.Copy(_features, row * FeatureCount, features, i * FeatureCount, FeatureCount);
            targets[i] = _targets[row];
        }

        return new TabularDataset(features, targets, FeatureCount, Kind, FeatureNames);
    }

    /// <summary>
    /// Splits the rows at random (stratified by class for classification) into training and validation sets.
    /// The same seed gives the same split.
    /// </summary>
    public (TabularDataset Train, TabularDataset Validation) Split(double validationFraction, int seed)
    {
        if (validationFraction is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "The validation fraction must be between 0 and 1.");
        }

        var random = new Random(seed);
        var train = new List<int>();
        var validation = new List<int>();
        foreach (var group in Groups())
        {
            var rows = group.ToArray();
            random.Shuffle(rows);
            int take = (int)Math.Round(rows.Length * validationFraction);
            validation.AddRange(rows.Take(take));
            train.AddRange(rows.Skip(take));
        }

        if (train.Count == 0 || validation.Count == 0)
        {
            throw new InvalidOperationException($"A {validationFraction:P0} split of {Count} rows leaves one side empty.");
        }

        return (Subset(train), Subset(validation));
    }

    /// <summary>The <paramref name="folds"/> train/validation pairs of k-fold cross-validation (stratified for classification).</summary>
    public IReadOnlyList<(TabularDataset Train, TabularDataset Validation)> KFold(int folds, int seed)
    {
        if (folds < 2 || folds > Count)
        {
            throw new ArgumentOutOfRangeException(nameof(folds), folds, $"Use between 2 and {Count} folds.");
        }

        var random = new Random(seed);
        var foldOf = new int[Count];
        foreach (var group in Groups())
        {
            var rows = group.ToArray();
            random.Shuffle(rows);
            for (int i = 0; i < rows.Length; i++)
            {
                foldOf[rows[i]] = i % folds;
            }
        }

        return Enumerable.Range(0, folds)
            .Select(f => (Subset(Enumerable.Range(0, Count).Where(r => foldOf[r] != f).ToArray()), Subset(Enumerable.Range(0, Count).Where(r => foldOf[r] == f).ToArray())))
            .ToArray();
    }

    /// <summary>The per-feature mean and standard deviation (1 where a column is constant).</summary>
    public (float[] Mean, float[] Std) FeatureStatistics()
    {
        var mean = new float[FeatureCount];
        var std = new float[FeatureCount];
        for (int f = 0; f < FeatureCount; f++)
        {
            double sum = 0, squares = 0;
            for (int r = 0; r < Count; r++)
            {
                double v = _features[r * FeatureCount + f];
                sum += v;
                squares += v * v;
            }

            double m = sum / Count;
            double variance = Math.Max(0, squares / Count - m * m);
            mean[f] = (float)m;
            std[f] = variance > 1e-12 ? (float)Math.Sqrt(variance) : 1f;
        }

        return (mean, std);
    }

    /// <summary>Features scaled with the given statistics (fit them on the training set, apply to both).</summary>
    public TabularDataset Standardize(float[] mean, float[] std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        var scaled = new float[_features.Length];
        for (int r = 0; r < Count; r++)
        {
            for (int f = 0; f < FeatureCount; f++)
            {
                int i = r * FeatureCount + f;
                scaled[i] = (_features[i] - mean[f]) / std[f];
            }
        }

        return new TabularDataset(scaled, _targets, FeatureCount, Kind, FeatureNames);
    }

    /// <summary>Targets scaled to zero mean and unit variance (regression), with the factors to undo it.</summary>
    public (TabularDataset Scaled, float Mean, float Std) StandardizeTargets()
    {
        if (Kind != TaskKind.Regression)
        {
            throw new InvalidOperationException("Only regression targets can be standardized.");
        }

        float mean = _targets.Average();
        float std = MathF.Sqrt(_targets.Select(t => (t - mean) * (t - mean)).Average());
        std = std > 1e-6f ? std : 1f;
        return (new TabularDataset(_features, _targets.Select(t => (t - mean) / std).ToArray(), FeatureCount, Kind, FeatureNames), mean, std);
    }

    private IEnumerable<IEnumerable<int>> Groups() =>
        Kind == TaskKind.Classification
            ? Enumerable.Range(0, Count).GroupBy(r => _targets[r]).OrderBy(g => g.Key).Select(g => g.AsEnumerable())
            : new[] { Enumerable.Range(0, Count) };
}
