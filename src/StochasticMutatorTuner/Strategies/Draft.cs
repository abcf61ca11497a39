using System.Runtime.CompilerServices;
using StochasticMutatorTuner.Space;

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
    private bool _fromParent;

    public Draft(StrategyContext context) => _context = context;

    /// <summary>The genome being drawn: one value index per parameter of the current space.</summary>
    public int[] Genome => _genome;

    /// <summary>Which parameters of <see cref="Genome"/> are active.</summary>
    public bool[] Active => _active;

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

    /// <summary>Starts from a copy of <paramref name="genome"/> (extended at random when the space grew since).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Start(IReadOnlyList<int> genome)
    {
        var space = _context.FixedSpace;
        if (space is not null && genome is int[] array && array.Length == space.Count)
        {
            Size(space.Count);
            array.CopyTo(_genome, 0);
            if (!ReferenceEquals(_parentSpace, space) || !array.AsSpan().SequenceEqual(_parent))
            {
                Remember(space, array);
            }

            _parentActive.CopyTo(_active, 0);
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
        _parentSpace = space;
    }

    private void Size(int count)
    {
        _resolved = null;
        _fromParent = false;
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
