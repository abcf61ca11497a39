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

    /// <summary>Adds one <c>name=value</c> pair (with separators that cannot occur ambiguously) to a running hash.</summary>
    internal static ulong Append(ulong hash, string name, string value)
    {
        hash = AppendText(hash, name);
        hash = AppendByte(hash, 0x1f);
        hash = AppendText(hash, value);
        return AppendByte(hash, 0x1e);
    }

    private static ulong AppendText(ulong hash, string text)
    {
        Span<byte> buffer = stackalloc byte[256];
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        Span<byte> bytes = max <= buffer.Length ? buffer : new byte[max];
        int count = Encoding.UTF8.GetBytes(text, bytes);
        foreach (byte b in bytes[..count])
        {
            hash = AppendByte(hash, b);
        }

        return hash;
    }

    private static ulong AppendByte(ulong hash, byte b) => (hash ^ b) * Prime;
}
