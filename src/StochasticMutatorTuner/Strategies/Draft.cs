using System.Numerics;
using System.Runtime.CompilerServices;
using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Studies;

namespace StochasticMutatorTuner.Strategies;

/// <summary>
/// A genome a strategy is drawing, with its activity. A proposal may discard hundreds of draws whose key is taken,
/// so for a space whose activity follows from its declared conditions the draft reuses its buffers and allocates
/// only for the draw that is kept (<see cref="ToCandidate"/>); a define-by-run space resolves every step through
/// its resolver (which may grow the space), as before.
/// </summary>
/// <remarks>
/// <para>Draws from one parent repeat (every proposal mutates the same best until it changes), so the draft keeps
/// that parent's activity and the running hash of its key before each parameter: a draw starts without validating
/// or resolving the parent again, and its key is hashed only from the first parameter where it differs from the
/// parent. The key is the same as <see cref="SearchSpace.KeyOf(ReadOnlySpan{int}, ReadOnlySpan{bool})"/>'s.</para>
/// <para>Once the study is large, most draws land on a config the study already has, and the same few thousand
/// near the parent again and again. When the context says which keys are taken for good
/// (<see cref="StrategyContext.TakenForGood"/>), the draft remembers each config it found taken, packed into one
/// number (each active value + 1, inactive 0, in a few bits per parameter: the config itself, not a hash of it), and
/// a later draw of it is known taken without hashing its key or looking it up in the study. Only what the study
/// reported as taken is remembered, and a study never forgets a key, so the answer is the one the study would give:
/// the draws, and so the random numbers and proposals, are the same.</para>
/// <para>Not thread-safe: strategies are asked one at a time.</para>
/// </remarks>
internal sealed class Draft
{
    private readonly StrategyContext _context;
    private int[] _genome = Array.Empty<int>();
    private bool[] _active = Array.Empty<bool>();
    private Candidate? _resolved;

    // The last parent of a fixed space, as started from: its values, activity and key prefixes (see the remarks).
    private SearchSpace? _parentSpace;
    private int[] _parent = Array.Empty<int>();
    private bool[] _parentActive = Array.Empty<bool>();
    private ulong[] _parentPrefixes = Array.Empty<ulong>();
    private int[] _parentInactive = Array.Empty<int>(); // the parent's inactive parameters, in order (a draw re-draws them)
    private int _parentInactiveCount;
    private int[] _parentMutable = Array.Empty<int>();  // its active parameters with two or more values, in order
    private int _parentMutableCount;
    private bool _fromParent;
    private bool _activityChanged; // a mutation since the start re-evaluated activity: the parent's lists may no longer hold

    // Configs found taken for good, packed (see the remarks); for the space they were packed in.
    private SearchSpace? _packedSpace;
    private int[] _packShifts = Array.Empty<int>();
    private KeyNumberTable? _knownTaken;
    // A small copy of the configs last found there, one per slot: the parent's near neighbours, drawn again and again,
    // are answered from the CPU's cache instead of the large table.
    private ulong[] _recentlyTaken = Array.Empty<ulong>();
    private ulong _packed;

    public Draft(StrategyContext context) => _context = context;

    /// <summary>The genome being drawn: one value index per parameter of the current space.</summary>
    public int[] Genome => _genome;

    /// <summary>Which parameters of <see cref="Genome"/> are active.</summary>
    public bool[] Active => _active;

    /// <summary>
    /// True when the draft started from a parent of a fixed space and its activity is still the parent's: then
    /// <see cref="ParentInactive"/> and <see cref="ParentMutable"/> (listed once per parent) describe it.
    /// </summary>
    public bool HasParentLists => _fromParent && !_activityChanged;

    /// <summary>With <see cref="HasParentLists"/>: the inactive parameters of the draft as started.</summary>
    public ReadOnlySpan<int> ParentInactive => _parentInactive.AsSpan(0, _parentInactiveCount);

    /// <summary>With <see cref="HasParentLists"/>: the active parameters with two or more values (activity unchanged since the start).</summary>
    public ReadOnlySpan<int> ParentMutable => _parentMutable.AsSpan(0, _parentMutableCount);

    /// <summary>The key of the draft as it is now.</summary>
    public ConfigKey Key
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        get
        {
            if (_resolved is not null)
            {
                return _resolved.Key;
            }

            var space = _context.FixedSpace!;
            if (!_fromParent)
            {
                return space.KeyOf(_genome, _active);
            }

            // Active values equal to the parent's up to the first difference hash the same: start there.
            var genome = _genome;
            var active = _active;
            var parent = _parent;
            var parentActive = _parentActive;
            int start = 0;
            while (start < genome.Length && active[start] == parentActive[start] && (!active[start] || genome[start] == parent[start]))
            {
                start++;
            }

            return new ConfigKey(space.HashFrom(_parentPrefixes[start], start, genome, active));
        }
    }

    /// <summary>
    /// True when the draft is a config an earlier draw found taken for good (<see cref="RememberTaken"/>): then its key
    /// need not be computed nor looked up. Always false for a define-by-run space or a context that cannot tell.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool IsKnownTaken()
    {
        _packed = 0;
        if (_resolved is not null || _context.TakenForGood is null || _context.FixedSpace is not { } space)
        {
            return false;
        }

        if (!ReferenceEquals(space, _packedSpace))
        {
            Pack(space);
        }

        if (_knownTaken is null)
        {
            return false; // the space's configs do not fit in 64 bits
        }

        var genome = _genome;
        var active = _active;
        var shifts = _packShifts;
        ulong packed = 0;
        for (int i = 0; i < genome.Length; i++)
        {
            if (active[i])
            {
                packed |= (ulong)(genome[i] + 1) << shifts[i];
            }
        }

        _packed = packed;
        int slot = RecentSlot(packed);
        if (_recentlyTaken[slot] == packed && packed != 0)
        {
            return true;
        }

        if (!_knownTaken.Contains(new ConfigKey(packed)))
        {
            return false;
        }

        _recentlyTaken[slot] = packed;
        return true;
    }

    /// <summary>Remembers the draft's config (checked by <see cref="IsKnownTaken"/> since its last change) when the study has <paramref name="key"/> for good.</summary>
    public void RememberTaken(ConfigKey key)
    {
        if (_packed != 0 && _knownTaken is not null && _context.TakenForGood is { } takenForGood && takenForGood(key))
        {
            _knownTaken.Set(new ConfigKey(_packed), 0);
            _recentlyTaken[RecentSlot(_packed)] = _packed;
        }
    }

    /// <summary>Starts from a copy of <paramref name="genome"/> (extended at random when the space grew since).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Start(IReadOnlyList<int> genome)
    {
        var space = _context.FixedSpace;
        if (space is not null && genome is int[] array && array.Length == space.Count)
        {
            Size(space.Count);
            array.AsSpan().CopyTo(_genome);
            if (!ReferenceEquals(_parentSpace, space) || !array.AsSpan().SequenceEqual(_parent))
            {
                Remember(space, array);
            }

            _parentActive.AsSpan().CopyTo(_active);
            _fromParent = true;
        }
        else if (space is not null && genome.Count == space.Count)
        {
            Size(space.Count);
            for (int i = 0; i < _genome.Length; i++)
            {
                _genome[i] = genome[i];
            }

            space.Validate(_genome);
            space.GetActive(_genome, _active);
        }
        else
        {
            var copy = new int[genome.Count];
            for (int i = 0; i < copy.Length; i++)
            {
                copy[i] = genome[i];
            }

            Take(_context.Resolve(copy));
        }
    }

    /// <summary>Starts from a uniformly random genome of the current space (the same draws as <see cref="SearchSpace.Sample"/>).</summary>
    public void StartRandom()
    {
        if (_context.FixedSpace is { } space)
        {
            Size(space.Count);
            var counts = space.ValueCounts;
            for (int i = 0; i < _genome.Length; i++)
            {
                _genome[i] = _context.Random.Next(counts[i]);
            }

            space.GetActive(_genome, _active);
        }
        else
        {
            Take(_context.Sample());
        }
    }

    /// <summary>Re-evaluates activity after parameter <paramref name="changed"/> of <see cref="Genome"/> was changed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Resolve(int changed)
    {
        if (_resolved is null)
        {
            var space = _context.FixedSpace!;
            // A parameter no condition reads cannot change activity.
            if (space.IsConditionParent(changed))
            {
                space.GetActive(_genome, _active);
                _activityChanged = true;
            }
        }
        else
        {
            Take(_context.Resolve(_genome));
        }
    }

    /// <summary>The draft as a candidate of its own (the buffers stay the draft's).</summary>
    public Candidate ToCandidate(ConfigKey key) =>
        _resolved ?? new Candidate(_genome.AsSpan().ToArray(), _active.AsSpan().ToArray(), key);

    /// <summary>Validates a new parent and keeps its values, activity and key prefixes.</summary>
    private void Remember(SearchSpace space, int[] parent)
    {
        space.Validate(parent);
        if (_parent.Length != parent.Length)
        {
            _parent = new int[parent.Length];
            _parentActive = new bool[parent.Length];
            _parentPrefixes = new ulong[parent.Length + 1];
        }

        parent.CopyTo(_parent, 0);
        space.GetActive(_parent, _parentActive);
        space.PrefixHashes(_parent, _parentActive, _parentPrefixes);
        if (_parentInactive.Length != parent.Length)
        {
            _parentInactive = new int[parent.Length];
            _parentMutable = new int[parent.Length];
        }

        var counts = space.ValueCounts;
        _parentInactiveCount = 0;
        _parentMutableCount = 0;
        for (int i = 0; i < parent.Length; i++)
        {
            if (!_parentActive[i])
            {
                _parentInactive[_parentInactiveCount++] = i;
            }
            else if (counts[i] > 1)
            {
                _parentMutable[_parentMutableCount++] = i;
            }
        }

        _parentSpace = space;
    }

    /// <summary>Lays out a packed config of <paramref name="space"/>: parameter i takes enough bits for its value count + 1 (0: inactive).</summary>
    private void Pack(SearchSpace space)
    {
        _packedSpace = space;
        _packShifts = new int[space.Count];
        _knownTaken = null;
        var counts = space.ValueCounts;
        int bits = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            _packShifts[i] = bits;
            bits += 32 - BitOperations.LeadingZeroCount((uint)counts[i]); // holds the count itself: values 1..count
            if (bits > 64)
            {
                return;
            }
        }

        _knownTaken = new KeyNumberTable(); // its keys here are packed configs, not config keys: a set of 64-bit numbers
        _recentlyTaken = new ulong[RecentSlots]; // 0: an empty slot (no config packs to 0: a space has an unconditional parameter)
    }

    private const int RecentSlots = 1 << 14; // 128 KB

    private static int RecentSlot(ulong packed) => (int)((packed * 0x9E3779B97F4A7C15UL) >> (64 - 14));

    private void Size(int count)
    {
        _resolved = null;
        _fromParent = false;
        _activityChanged = false;
        if (_genome.Length != count)
        {
            _genome = new int[count];
            _active = new bool[count];
        }
    }

    private void Take(Candidate candidate)
    {
        _resolved = candidate;
        _fromParent = false;
        _genome = candidate.Genome;
        _active = candidate.Active;
    }
}
