using StochasticMutatorTuner.Space;

namespace StochasticMutatorTuner.Strategies;

/// <summary>
/// A genome a strategy is drawing, with its activity. A proposal may discard hundreds of draws whose key is taken,
/// so for a space whose activity follows from its declared conditions the draft reuses its buffers and allocates
/// only for the draw that is kept (<see cref="ToCandidate"/>); a define-by-run space resolves every step through
/// its resolver (which may grow the space), as before.
/// </summary>
/// <remarks>Not thread-safe: strategies are asked one at a time.</remarks>
internal sealed class Draft
{
    private readonly StrategyContext _context;
    private int[] _genome = Array.Empty<int>();
    private bool[] _active = Array.Empty<bool>();
    private Candidate? _resolved;

    public Draft(StrategyContext context) => _context = context;

    /// <summary>The genome being drawn: one value index per parameter of the current space.</summary>
    public int[] Genome => _genome;

    /// <summary>Which parameters of <see cref="Genome"/> are active.</summary>
    public bool[] Active => _active;

    /// <summary>The key of the draft as it is now.</summary>
    public ConfigKey Key => _resolved?.Key ?? _context.Space.KeyOf(_genome, _active);

    /// <summary>Starts from a copy of <paramref name="genome"/> (extended at random when the space grew since).</summary>
    public void Start(IReadOnlyList<int> genome)
    {
        if (_context.FixedSpace is { } space && genome.Count == space.Count)
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
            for (int i = 0; i < _genome.Length; i++)
            {
                _genome[i] = _context.Random.Next(space.Parameters[i].Values.Count);
            }

            space.GetActive(_genome, _active);
        }
        else
        {
            Take(_context.Sample());
        }
    }

    /// <summary>Re-evaluates activity after <see cref="Genome"/> was changed.</summary>
    public void Resolve()
    {
        if (_resolved is null)
        {
            _context.FixedSpace!.GetActive(_genome, _active);
        }
        else
        {
            Take(_context.Resolve(_genome));
        }
    }

    /// <summary>The draft as a candidate of its own (the buffers stay the draft's).</summary>
    public Candidate ToCandidate(ConfigKey key) =>
        _resolved ?? new Candidate(_genome.AsSpan().ToArray(), _active.AsSpan().ToArray(), key);

    private void Size(int count)
    {
        _resolved = null;
        if (_genome.Length != count)
        {
            _genome = new int[count];
            _active = new bool[count];
        }
    }

    private void Take(Candidate candidate)
    {
        _resolved = candidate;
        _genome = candidate.Genome;
        _active = candidate.Active;
    }
}
