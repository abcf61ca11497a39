using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using static TorchSharp.torch;

namespace StochasticMutatorTuner.TorchSharp.Models;

/// <summary>The safetensors header (JSON with each tensor's dtype, shape and byte range) and its dtype names.</summary>
internal static class SafeTensorsFormat
{
    private const string MetadataKey = "__metadata__";
    private const long MaxHeaderLength = 100 * 1024 * 1024;

    public static byte[] Header(List<(string Name, string DType, long[] Shape, long Begin, long End)> entries, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                w.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata)
                {
                    w.WriteString(key, value);
                }

                w.WriteEndObject();
            }

            foreach (var e in entries)
            {
                w.WriteStartObject(e.Name);
                w.WriteString("dtype", e.DType);
                w.WriteStartArray("shape");
                foreach (long d in e.Shape)
                {
                    w.WriteNumberValue(d);
                }

                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(e.Begin);
                w.WriteNumberValue(e.End);
                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        // Padded with spaces to a multiple of 8, so the data that follows is aligned (as the reference writer does).
        int padded = (int)((buffer.Length + 7) / 8 * 8);
        var header = new byte[padded];
        buffer.ToArray().CopyTo(header, 0);
        header.AsSpan((int)buffer.Length).Fill((byte)' ');
        return header;
    }

    public static List<(string Name, string DType, long[] Shape, long Begin, long End)> ReadHeader(Stream stream, out Dictionary<string, string> metadata)
    {
        var prefix = new byte[8];
        try
        {
            stream.ReadExactly(prefix);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("Not a safetensors file: it is shorter than its 8-byte header length.", ex);
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength < 2 || headerLength > MaxHeaderLength)
        {
            throw new InvalidDataException($"Not a safetensors file: its header length ({headerLength.ToString(CultureInfo.InvariantCulture)} bytes) is not plausible.");
        }

        var header = new byte[headerLength];
        try
        {
            stream.ReadExactly(header);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("Not a safetensors file: it ends inside its header.", ex);
        }

        metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = new List<(string, string, long[], long, long)>();
        try
        {
            using var json = JsonDocument.Parse(Encoding.UTF8.GetString(header).TrimEnd(' '));
            foreach (var property in json.RootElement.EnumerateObject())
            {
                if (property.Name == MetadataKey)
                {
                    foreach (var m in property.Value.EnumerateObject())
                    {
                        metadata[m.Name] = m.Value.GetString() ?? "";
                    }

                    continue;
                }

                var v = property.Value;
                var offsets = v.GetProperty("data_offsets").EnumerateArray().Select(o => o.GetInt64()).ToArray();
                if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0])
                {
                    throw new InvalidDataException($"Not a valid safetensors file: tensor '{property.Name}' has bad data_offsets.");
                }

                entries.Add((property.Name, v.GetProperty("dtype").GetString() ?? "", v.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray(), offsets[0], offsets[1]));
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"Not a safetensors file: its header is not the JSON the format describes ({ex.Message}).", ex);
        }

        return entries;
    }

    public static string DTypeName(ScalarType type, string name) => type switch
    {
        ScalarType.Float64 => "F64",
        ScalarType.Float32 => "F32",
        ScalarType.Float16 => "F16",
        ScalarType.BFloat16 => "BF16",
        ScalarType.Int64 => "I64",
        ScalarType.Int32 => "I32",
        ScalarType.Int16 => "I16",
        ScalarType.Int8 => "I8",
        ScalarType.Byte => "U8",
        ScalarType.Bool => "BOOL",
        _ => throw new NotSupportedException($"Tensor '{name}' has dtype {type}, which safetensors cannot hold."),
    };

    public static ScalarType ScalarTypeOf(string dtype, string name) => dtype switch
    {
        "F64" => ScalarType.Float64,
        "F32" => ScalarType.Float32,
        "F16" => ScalarType.Float16,
        "BF16" => ScalarType.BFloat16,
        "I64" => ScalarType.Int64,
        "I32" => ScalarType.Int32,
        "I16" => ScalarType.Int16,
        "I8" => ScalarType.Int8,
        "U8" => ScalarType.Byte,
        "BOOL" => ScalarType.Bool,
        _ => throw new InvalidDataException($"Tensor '{name}' has dtype '{dtype}', which this reader does not know."),
    };
}
