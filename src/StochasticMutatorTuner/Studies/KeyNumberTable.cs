using System.Runtime.CompilerServices;
using StochasticMutatorTuner.Space;

namespace StochasticMutatorTuner.Studies;

/// <summary>
/// The trial number of every key a study's view holds: a proposal asks whether a draw is taken once per draw (tens
/// of draws per trial once the study is large), so keys sit in one flat array probed in place — one cache miss per
/// look-up at most — instead of a node per key behind a bucket array.
/// </summary>
/// <remarks>
/// One writer at a time (the study writes under its lock); readers never lock. A new key's number is written
/// before the key is published, and a grown table is filled completely before it replaces the old one, so a reader
/// sees a key with its number, or not yet at all. Keys are never removed (a study never forgets a trial).
/// </remarks>
internal sealed class KeyNumberTable
{
    private const int InitialCapacity = 64;
    private Table _table = new(InitialCapacity);
    private int _zeroNumber; // 0 marks an empty slot, so the key 0 is kept apart
    private bool _hasZero;

    /// <summary>True when the table holds <paramref name="key"/> (asked per draw: reads the keys only, not the numbers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Contains(ConfigKey key) => key.Value == 0 ? Volatile.Read(ref _hasZero) : Find(Volatile.Read(ref _table), key.Value) >= 0;

    /// <summary>The trial number of <paramref name="key"/>, when the table holds it.</summary>
    public bool TryGetNumber(ConfigKey key, out int number)
    {
        if (key.Value == 0)
        {
            bool has = Volatile.Read(ref _hasZero);
            number = has ? _zeroNumber : 0;
            return has;
        }

        var table = Volatile.Read(ref _table);
        int i = Find(table, key.Value);
        number = i >= 0 ? table.Numbers[i] : 0;
        return i >= 0;
    }

    /// <summary>The slot of a key other than 0 in <paramref name="table"/>, or -1.</summary>
    private static int Find(Table table, ulong value)
    {
        var keys = table.Keys;
        for (int i = table.Slot(value); ; i = (i + 1) & table.Mask)
        {
            ulong slot = Volatile.Read(ref keys[i]);
            if (slot == value)
            {
                return i;
            }

            if (slot == 0)
            {
                return -1;
            }
        }
    }

    /// <summary>Records that trial <paramref name="number"/> has <paramref name="key"/> (callers write one at a time).</summary>
    public void Set(ConfigKey key, int number)
    {
        ulong value = key.Value;
        if (value == 0)
        {
            _zeroNumber = number;
            Volatile.Write(ref _hasZero, true);
            return;
        }

        var table = _table;
        if (!table.Set(value, number) && table.Count * 2 > table.Keys.Length)
        {
            var grown = new Table(table.Keys.Length * 2);
            for (int i = 0; i < table.Keys.Length; i++)
            {
                if (table.Keys[i] != 0)
                {
                    grown.Set(table.Keys[i], table.Numbers[i]);
                }
            }

            Volatile.Write(ref _table, grown);
        }
    }

    /// <summary>One array of keys (linear probing, at most half full) and their numbers.</summary>
    private sealed class Table
    {
        public Table(int capacity)
        {
            Keys = new ulong[capacity];
            Numbers = new int[capacity];
            Mask = capacity - 1;
            Shift = 64 - System.Numerics.BitOperations.Log2((uint)capacity);
        }

        public ulong[] Keys { get; }

        public int[] Numbers { get; }

        public int Mask { get; }

        public int Count { get; private set; }

        private int Shift { get; }

        // Keys are FNV hashes, whose low bits are weak: Fibonacci hashing takes the well-mixed high bits.
        public int Slot(ulong value) => (int)((value * 0x9E3779B97F4A7C15UL) >> Shift);

        /// <summary>Adds or updates a key; true when it was there already.</summary>
        public bool Set(ulong value, int number)
        {
            int i = Slot(value);
            while (Keys[i] != 0)
            {
                if (Keys[i] == value)
                {
                    Numbers[i] = number;
                    return true;
                }

                i = (i + 1) & Mask;
            }

            Numbers[i] = number;
            Volatile.Write(ref Keys[i], value); // after its number: a reader that sees the key sees the number
            Count++;
            return false;
        }
    }
}
