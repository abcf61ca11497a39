using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace StochasticMutatorTuner.TorchSharp.Models;

/// <summary>
/// Reads and writes the safetensors format (Hugging Face's: an 8-byte little-endian header length, a JSON header
/// naming each tensor's dtype, shape and byte range, then the raw little-endian bytes). PyTorch loads it with
/// <c>safetensors.torch.load_file</c>, or with a few lines of plain <c>torch</c>
/// (<c>samples/PyTorchInterop/load_model.py</c>); no pickle, so loading runs no code.
/// </summary>
/// <remarks>Memory discipline: tensors made while writing live in a dispose scope; tensors returned by <see cref="Read"/> belong to the caller.</remarks>
public static class SafeTensors
{
    private const string MetadataKey = "__metadata__";
    private const long MaxHeaderLength = 100 * 1024 * 1024;

    /// <summary>Writes <paramref name="module"/>'s state dict (parameters and buffers, by their PyTorch names) to <paramref name="stream"/>.</summary>
    /// <param name="module">The module; left as it is.</param>
    /// <param name="stream">Where to write; written from start to end, never sought.</param>
    /// <param name="metadata">Text to keep in the header's <c>__metadata__</c> (e.g. the study and trial).</param>
    /// <param name="cancellationToken">Checked between tensors.</param>
    public static Task WriteAsync(nn.Module module, Stream stream, IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(stream);
        using var scope = torch.NewDisposeScope();
        return WriteAsync(Snapshot(module.state_dict()), stream, metadata, cancellationToken);
    }

    /// <summary>Writes named tensors (e.g. inputs and the outputs they gave, for a check in Python) to <paramref name="stream"/>, in the given order; the tensors are left as they are.</summary>
    /// <inheritdoc cref="WriteAsync(nn.Module, Stream, IReadOnlyDictionary{string, string}?, CancellationToken)" path="/param"/>
    public static Task WriteAsync(IEnumerable<KeyValuePair<string, Tensor>> tensors, Stream stream, IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(stream);
        return WriteAsync(Snapshot(tensors), stream, metadata, cancellationToken);
    }

    /// <summary>
    /// Copies the tensors' bytes out, synchronously and inside a dispose scope: a dispose scope belongs to its thread,
    /// so no tensor work may span an await (another task resumed on this thread would put its tensors in the scope).
    /// </summary>
    private static List<(string Name, string DType, long[] Shape, byte[] Data)> Snapshot(IEnumerable<KeyValuePair<string, Tensor>> tensors)
    {
        RequireLittleEndian();
        using var scope = torch.NewDisposeScope();
        var result = new List<(string, string, long[], byte[])>();
        foreach (var (name, tensor) in tensors)
        {
            var cpu = tensor.detach().cpu().contiguous();
            result.Add((name, DTypeName(cpu.dtype, name), cpu.shape, cpu.bytes.ToArray()));
        }

        return result;
    }

    private static async Task WriteAsync(List<(string Name, string DType, long[] Shape, byte[] Data)> tensors, Stream stream, IReadOnlyDictionary<string, string>? metadata, CancellationToken cancellationToken)
    {
        var entries = new List<(string Name, string DType, long[] Shape, long Begin, long End)>(tensors.Count);
        long offset = 0;
        foreach (var (name, dtype, shape, data) in tensors)
        {
            entries.Add((name, dtype, shape, offset, offset + data.Length));
            offset += data.Length;
        }

        byte[] header = Header(entries, metadata);
        var prefix = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        await stream.WriteAsync(prefix, cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        foreach (var tensor in tensors)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await stream.WriteAsync(tensor.Data, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads every tensor of a safetensors stream onto the CPU; the caller disposes them.</summary>
    /// <exception cref="InvalidDataException">The stream is not a well-formed safetensors file; the message says what is wrong.</exception>
    public static Dictionary<string, Tensor> Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        RequireLittleEndian();
        var entries = ReadHeader(stream, out _);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            long position = 0;
            foreach (var e in entries.OrderBy(e => e.Begin))
            {
                if (e.Begin != position)
                {
                    throw new InvalidDataException($"Not a valid safetensors file: tensor '{e.Name}' starts at byte {e.Begin} of the data, expected {position} (the data must be covered without holes or overlaps).");
                }

                long length = e.End - e.Begin;
                if (length > int.MaxValue)
                {
                    throw new InvalidDataException($"Tensor '{e.Name}' holds {length} bytes; tensors over 2 GB are not supported here.");
                }

                var bytes = new byte[length];
                stream.ReadExactly(bytes);
                var tensor = torch.empty(e.Shape, dtype: ScalarTypeOf(e.DType, e.Name));
                if (tensor.NumberOfElements * tensor.ElementSize != length)
                {
                    tensor.Dispose();
                    throw new InvalidDataException($"Not a valid safetensors file: tensor '{e.Name}' of shape [{string.Join(", ", e.Shape)}] and dtype {e.DType} cannot hold {length} bytes.");
                }

                tensor.bytes = bytes;
                result.Add(e.Name, tensor);
                position = e.End;
            }

            return result;
        }
        catch (EndOfStreamException ex)
        {
            DisposeAll(result);
            throw new InvalidDataException("Not a valid safetensors file: it ends before the data its header describes.", ex);
        }
        catch
        {
            DisposeAll(result);
            throw;
        }
    }

    /// <summary>
    /// Copies the tensors of a safetensors stream into <paramref name="module"/>'s parameters and buffers. Every name
    /// must match, with the same shape and dtype (it is the same architecture), or nothing is loaded.
    /// </summary>
    /// <exception cref="InvalidDataException">The stream is not a safetensors file, or it does not fit the module; the message names the first difference.</exception>
    public static void Load(nn.Module module, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var scope = torch.NewDisposeScope();
        var loaded = Read(stream);
        var expected = module.state_dict();
        foreach (var (name, tensor) in expected)
        {
            if (!loaded.TryGetValue(name, out var found))
            {
                throw new InvalidDataException($"The saved model does not fit the module: it has no '{name}'. Build the module from the same config (and builder) the trial trained.");
            }

            if (!found.shape.SequenceEqual(tensor.shape) || found.dtype != tensor.dtype)
            {
                throw new InvalidDataException($"The saved model does not fit the module: '{name}' was saved as {found.dtype} [{string.Join(", ", found.shape)}], the module has {tensor.dtype} [{string.Join(", ", tensor.shape)}]. Build the module from the same config the trial trained.");
            }
        }

        if (loaded.Keys.FirstOrDefault(k => !expected.ContainsKey(k)) is { } extra)
        {
            throw new InvalidDataException($"The saved model does not fit the module: it has '{extra}', which the module lacks. Build the module from the same config the trial trained.");
        }

        module.load_state_dict(loaded, strict: true);
    }

    /// <summary>The metadata (<c>__metadata__</c>) of a safetensors stream, read from its header only.</summary>
    /// <exception cref="InvalidDataException">The stream is not a well-formed safetensors file.</exception>
    public static IReadOnlyDictionary<string, string> ReadMetadata(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ReadHeader(stream, out var metadata);
        return metadata;
    }

    private static byte[] Header(List<(string Name, string DType, long[] Shape, long Begin, long End)> entries, IReadOnlyDictionary<string, string>? metadata)
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

    private static List<(string Name, string DType, long[] Shape, long Begin, long End)> ReadHeader(Stream stream, out Dictionary<string, string> metadata)
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

    private static string DTypeName(ScalarType type, string name) => type switch
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

    private static ScalarType ScalarTypeOf(string dtype, string name) => dtype switch
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

    private static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("safetensors data is little-endian; this machine is not.");
        }
    }

    private static void DisposeAll(Dictionary<string, Tensor> tensors)
    {
        foreach (var t in tensors.Values)
        {
            t.Dispose();
        }
    }
}
