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
    public override string ToString() => string.Create(16, Value, static (chars, value) =>
    {
        // Written here, not by ToString("x16"): a reservation formats one key per trial, and the general formatter
        // parses the format string every time.
        for (int i = chars.Length - 1; i >= 0; i--)
        {
            chars[i] = "0123456789abcdef"[(int)(value & 0xF)];
            value >>= 4;
        }
    });

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

    /// <summary>
    /// <see cref="Append(ulong, ReadOnlySpan{byte})"/> of one pair as a table, so a key costs one multiply and one
    /// look-up per parameter instead of one multiply per byte: entry 256 is Prime^n (n the pair's length), entry
    /// <c>l</c> what the pair adds to a hash whose lowest byte is <c>l</c> (see <see cref="Append(ulong, ulong[])"/>).
    /// </summary>
    /// <remarks>
    /// Why it is exact: <c>h ^ b</c> equals <c>h + ((l ^ b) - l)</c> for a byte <c>b</c> and <c>l = h &amp; 0xFF</c>,
    /// so one step is <c>h * Prime + ((l ^ b) - l) * Prime</c>; the lowest byte of the next state depends on
    /// <c>l</c> alone, so n steps are <c>h * Prime^n + A(l)</c>, and <c>A(l)</c> is the hash of the pair started
    /// from <c>l</c>, minus <c>l * Prime^n</c>.
    /// </remarks>
    internal static ulong[] Table(ReadOnlySpan<byte> pair)
    {
        var table = new ulong[257];
        ulong power = 1;
        for (int i = 0; i < pair.Length; i++)
        {
            power = unchecked(power * Prime);
        }

        for (ulong low = 0; low < 256; low++)
        {
            table[low] = unchecked(Append(low, pair) - low * power);
        }

        table[256] = power;
        return table;
    }

    /// <summary>Adds one pair to a running hash through its <see cref="Table"/>: the same result as appending its bytes.</summary>
    internal static ulong Append(ulong hash, ulong[] table) => unchecked(hash * table[256] + table[(int)(hash & 0xFF)]);

    private static ulong AppendByte(ulong hash, byte b) => (hash ^ b) * Prime;
}
