using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Studies;

/// <summary>
/// The trials of a study's view, by number, as a chunked copy-on-write list: publishing an immutable snapshot
/// after a change costs one copy of the chunk table (and later one copy of each chunk written again), not a copy
/// of every trial, so a view of 100,000 trials stays cheap to read after every write.
/// </summary>
/// <remarks>Not thread-safe; the study uses it under its lock. Published snapshots are immutable and thread-safe.</remarks>
internal sealed class TrialTable
{
    private const int Shift = 8;
    private const int ChunkSize = 1 << Shift;
    private TrialRecord[][] _chunks = Array.Empty<TrialRecord[]>();
    private int[] _chunkGeneration = Array.Empty<int>();
    private int _generation;
    private TrialSnapshot? _published = TrialSnapshot.Empty;

    /// <summary>How many trials (numbers 0 to Count - 1, no holes).</summary>
    public int Count { get; private set; }

    /// <summary>The trial with number <paramref name="number"/>, or null when the table does not reach it.</summary>
    public TrialRecord? Get(int number) =>
        (uint)number < (uint)Count ? _chunks[number >> Shift][number & (ChunkSize - 1)] : null;

    /// <summary>Replaces trial <paramref name="number"/> or appends it (when it equals <see cref="Count"/>).</summary>
    public void Set(int number, TrialRecord record)
    {
        if ((uint)number > (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(number), number, $"The table holds {Count} trials; a trial can only be appended after them.");
        }

        int c = number >> Shift;
        if (c == _chunks.Length)
        {
            Array.Resize(ref _chunks, Math.Max(4, _chunks.Length * 2));
            Array.Resize(ref _chunkGeneration, _chunks.Length);
        }

        if (_chunks[c] is null)
        {
            _chunks[c] = new TrialRecord[ChunkSize];
            _chunkGeneration[c] = _generation;
        }
        else if (_chunkGeneration[c] != _generation)
        {
            // The chunk belongs to a published snapshot: copy it before writing.
            _chunks[c] = (TrialRecord[])_chunks[c].Clone();
            _chunkGeneration[c] = _generation;
        }

        _chunks[c][number & (ChunkSize - 1)] = record;
        if (number == Count)
        {
            Count++;
        }

        _published = null;
    }

    /// <summary>An immutable snapshot of the table as it is now.</summary>
    public TrialSnapshot Snapshot()
    {
        if (_published is null)
        {
            int used = (Count + ChunkSize - 1) >> Shift;
            _published = new TrialSnapshot(_chunks[..used], Count);
            _generation++; // every chunk now belongs to the snapshot
        }

        return _published;
    }
}
