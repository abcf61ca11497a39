using System.Collections;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Studies;

/// <summary>An immutable list of a study's trials at one moment, by number (index = trial number).</summary>
/// <remarks>Thread-safe (immutable).</remarks>
internal sealed class TrialSnapshot : IReadOnlyList<TrialRecord>
{
    private const int Shift = 8;
    private const int Mask = (1 << Shift) - 1;
    private readonly TrialRecord[][] _chunks;

    public TrialSnapshot(TrialRecord[][] chunks, int count)
    {
        _chunks = chunks;
        Count = count;
    }

    public static TrialSnapshot Empty { get; } = new(Array.Empty<TrialRecord[]>(), 0);

    public int Count { get; }

    public TrialRecord this[int index] =>
        (uint)index < (uint)Count ? _chunks[index >> Shift][index & Mask] : throw new ArgumentOutOfRangeException(nameof(index), index, $"The study has {Count} trials.");

    public IEnumerator<TrialRecord> GetEnumerator()
    {
        for (int i = 0; i < Count; i++)
        {
            yield return _chunks[i >> Shift][i & Mask];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
