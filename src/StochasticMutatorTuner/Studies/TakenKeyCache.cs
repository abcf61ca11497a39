using StochasticMutatorTuner.Space;

namespace StochasticMutatorTuner.Studies;

/// <summary>
/// A small set of keys a study is known to have: a proposal asks whether its draw is taken once per draw, and as a
/// study grows around one best most draws land on the same few hundred taken neighbours again. Asking this set
/// first touches a few cache lines instead of the study's table of every key (one cache miss or two per draw at
/// 100,000 trials).
/// </summary>
/// <remarks>
/// Only for keys that stay taken: a study never forgets a key, so a key once seen in it is a correct answer forever
/// (a key only reserved, on its way to the storage, may still be given back and must not be added). When the set
/// fills up it starts again empty: the keys near the current best come back within a few proposals. Not
/// thread-safe: the engine asks under its ask lock.
/// </remarks>
internal sealed class TakenKeyCache
{
    private const int Bits = 12;
    private const int Capacity = 1 << Bits;    // 32 KB of keys: stays in the core's first-level cache
    private const int MaxCount = Capacity / 2; // linear probes stay short
    private readonly ulong[] _slots = new ulong[Capacity];
    private int _count;
    private bool _hasZero; // 0 marks an empty slot, so the key 0 is kept apart

    /// <summary>True when <paramref name="key"/> was added since the set last started again.</summary>
    public bool Contains(ConfigKey key)
    {
        ulong value = key.Value;
        if (value == 0)
        {
            return _hasZero;
        }

        for (int i = Slot(value); ; i = (i + 1) & (Capacity - 1))
        {
            ulong slot = _slots[i];
            if (slot == value)
            {
                return true;
            }

            if (slot == 0)
            {
                return false;
            }
        }
    }

    /// <summary>Remembers a key the study has (forever).</summary>
    public void Add(ConfigKey key)
    {
        ulong value = key.Value;
        if (value == 0)
        {
            _hasZero = true;
            return;
        }

        if (_count >= MaxCount)
        {
            Array.Clear(_slots);
            _count = 0;
        }

        int i = Slot(value);
        while (_slots[i] != 0)
        {
            if (_slots[i] == value)
            {
                return;
            }

            i = (i + 1) & (Capacity - 1);
        }

        _slots[i] = value;
        _count++;
    }

    // Keys are FNV hashes, whose low bits are weak: Fibonacci hashing takes the well-mixed high bits.
    private static int Slot(ulong value) => (int)((value * 0x9E3779B97F4A7C15UL) >> (64 - Bits));
}
