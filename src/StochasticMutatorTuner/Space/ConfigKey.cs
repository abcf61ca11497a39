using System.Globalization;
using System.Text;

namespace StochasticMutatorTuner.Space;

/// <summary>
/// The identity of a configuration: a 64-bit FNV-1a hash of the names and canonical values of its
/// <em>active</em> parameters, in space order. Two configs that differ only in inactive values share a key.
/// </summary>
/// <remarks>
/// The hash is computed from UTF-8 text with a fixed algorithm, so a key is the same in every process, on every
/// machine and under every .NET version (unlike <see cref="string.GetHashCode()"/>). Keys depend on names and
/// values, not on value positions, so adding a choice to a parameter keeps every existing key.
/// </remarks>
/// <param name="Value">The hash.</param>
public readonly record struct ConfigKey(ulong Value)
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    /// <summary>16 lowercase hex digits.</summary>
    public override string ToString() => Value.ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>Parses the text of <see cref="ToString"/>.</summary>
    public static ConfigKey Parse(string text) => new(ulong.Parse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));

    internal static ulong Start => OffsetBasis;

    /// <summary>
    /// The bytes one <c>name=value</c> pair adds to a key (UTF-8, with separators that cannot occur ambiguously):
    /// a space computes them once per value, so hashing a genome transcodes nothing.
    /// </summary>
    internal static byte[] Pair(string name, string value)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value) + 2];
        int n = Encoding.UTF8.GetBytes(name, bytes);
        bytes[n++] = 0x1f;
        n += Encoding.UTF8.GetBytes(value, bytes.AsSpan(n));
        bytes[n] = 0x1e;
        return bytes;
    }

    /// <summary>Adds the bytes of one <see cref="Pair"/> to a running hash.</summary>
    internal static ulong Append(ulong hash, ReadOnlySpan<byte> pair)
    {
        foreach (byte b in pair)
        {
            hash = AppendByte(hash, b);
        }

        return hash;
    }

    private static ulong AppendByte(ulong hash, byte b) => (hash ^ b) * Prime;
}
