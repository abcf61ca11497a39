using System.Buffers.Binary;
using System.IO.Compression;

namespace StochasticMutatorTuner.TorchSharp.Data;

/// <summary>Reads IDX files (the MNIST family's format), plain or gzip-compressed, with unsigned-byte data.</summary>
public static class IdxReader
{
    /// <summary>The dimensions and the bytes of an IDX file of unsigned bytes (type 0x08).</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not an IDX file of unsigned bytes, or truncated; the message names the file.</exception>
    public static (int[] Dimensions, byte[] Data) Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"IDX file {Path.GetFullPath(path)} does not exist.", path);
        }

        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        try
        {
            Span<byte> magic = stackalloc byte[4];
            stream.ReadExactly(magic);
            if (magic[0] != 0 || magic[1] != 0 || magic[2] != 0x08 || magic[3] is 0 or > 4)
            {
                throw new InvalidDataException($"{path}: not an IDX file of unsigned bytes (magic {Convert.ToHexString(magic)}).");
            }

            var dims = new int[magic[3]];
            Span<byte> size = stackalloc byte[4];
            long total = 1;
            for (int i = 0; i < dims.Length; i++)
            {
                stream.ReadExactly(size);
                dims[i] = BinaryPrimitives.ReadInt32BigEndian(size);
                if (dims[i] <= 0)
                {
                    throw new InvalidDataException($"{path}: dimension {i} is {dims[i]}.");
                }

                total *= dims[i];
            }

            if (total > int.MaxValue)
            {
                throw new InvalidDataException($"{path}: {total} values do not fit in memory here.");
            }

            var data = new byte[total];
            stream.ReadExactly(data);
            return (dims, data);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException($"{path}: the file ends before its data does (truncated).", ex);
        }
        catch (InvalidDataException ex) when (!ex.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }
    }
}
