using System.Buffers.Binary;
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
            result.Add((name, SafeTensorsFormat.DTypeName(cpu.dtype, name), cpu.shape, cpu.bytes.ToArray()));
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

        byte[] header = SafeTensorsFormat.Header(entries, metadata);
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
        var entries = SafeTensorsFormat.ReadHeader(stream, out _);
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
                var tensor = torch.empty(e.Shape, dtype: SafeTensorsFormat.ScalarTypeOf(e.DType, e.Name));
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
        SafeTensorsFormat.ReadHeader(stream, out var metadata);
        return metadata;
    }

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
