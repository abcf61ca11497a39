using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace StochasticMutatorTuner.Benchmarks;

/// <summary>
/// A tabular benchmark: every config of a space trained for several seeds, with per-epoch validation curves.
/// Stored as gzipped JSON lines: the header first, then one <see cref="TableEntry"/> per line, so other tools
/// (Python, jq) read it as easily as the harness does.
/// </summary>
public sealed class BenchmarkTable
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Creates a table from its parts.</summary>
    public BenchmarkTable(TableHeader header, IReadOnlyList<TableEntry> entries)
    {
        Header = header ?? throw new ArgumentNullException(nameof(header));
        Entries = entries ?? throw new ArgumentNullException(nameof(entries));
    }

    /// <summary>What the table holds and how it was made.</summary>
    public TableHeader Header { get; }

    /// <summary>Every config, in the space's enumeration order.</summary>
    public IReadOnlyList<TableEntry> Entries { get; }

    /// <summary>Reads a table written by <see cref="Write"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a benchmark table; the message names it and the line.</exception>
    public static BenchmarkTable Read(string path)
    {
        using var stream = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var header = Parse<TableHeader>(reader.ReadLine(), path, 1);
        var entries = new List<TableEntry>(header.Configs);
        int line = 1;
        for (string? text = reader.ReadLine(); text is not null; text = reader.ReadLine())
        {
            line++;
            var entry = Parse<TableEntry>(text, path, line);
            if (entry.Runs.Length != header.Seeds.Length || entry.Runs.Any(r => r.Loss.Length != header.Epochs))
            {
                throw new InvalidDataException($"{path}, line {line}: config {entry.Key} needs {header.Seeds.Length} runs of {header.Epochs} epochs each.");
            }

            entries.Add(entry);
        }

        if (entries.Count != header.Configs)
        {
            throw new InvalidDataException($"{path}: the header announces {header.Configs} configs but the file holds {entries.Count}; rebuild it.");
        }

        return new BenchmarkTable(header, entries);
    }

    /// <summary>Writes the table as gzipped JSON lines (smallest compression: the files are committed).</summary>
    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.SmallestSize);
        using var writer = new StreamWriter(gzip, new UTF8Encoding(false));
        writer.WriteLine(JsonSerializer.Serialize(Header, Json));
        foreach (var entry in Entries)
        {
            writer.WriteLine(JsonSerializer.Serialize(entry, Json));
        }
    }

    private static T Parse<T>(string? text, string path, int line)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(text ?? "", Json) ?? throw new JsonException("null");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}, line {line}: not a benchmark table line ({ex.Message}).", ex);
        }
    }
}
