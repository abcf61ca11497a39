using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using StochasticMutatorTuner.Space;

namespace StochasticMutatorTuner.Studies;

/// <summary>
/// A trial's active parameters and values (<see cref="Trials.TrialRecord.Params"/>) read from its genome: the
/// space's own names and value objects, the parameters the trial stored, in space order. A study's view keeps one
/// per trial for the study's life, so this replaces a dictionary (about 430 bytes and a hash per parameter per trial)
/// with one small object over the genome the record holds anyway.
/// </summary>
/// <remarks>Immutable and thread-safe: the genome is never written after decoding. Up to 64 parameters (a bit each).</remarks>
internal sealed class SpaceParams : IReadOnlyDictionary<string, object>
{
    /// <summary>The most parameters one view can hold.</summary>
    public const int MaxParameters = 64;

    private readonly SearchSpace _space;
    private readonly int[] _genome;
    private readonly ulong _stored; // bit p: parameter p was stored (it is active)

    public SpaceParams(SearchSpace space, int[] genome, ulong stored)
    {
        _space = space;
        _genome = genome;
        _stored = stored;
    }

    public int Count => BitOperations.PopCount(_stored);

    public IEnumerable<string> Keys
    {
        get
        {
            foreach (var pair in this)
            {
                yield return pair.Key;
            }
        }
    }

    public IEnumerable<object> Values
    {
        get
        {
            foreach (var pair in this)
            {
                yield return pair.Value;
            }
        }
    }

    public object this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The given key '{key}' was not present in the dictionary.");

    public bool ContainsKey(string key) => Index(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object value)
    {
        int p = Index(key);
        value = p >= 0 ? _space.Parameters[p].Values[_genome[p]] : null;
        return p >= 0;
    }

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        for (ulong rest = _stored; rest != 0; rest &= rest - 1)
        {
            int p = BitOperations.TrailingZeroCount(rest);
            var parameter = _space.Parameters[p];
            yield return new KeyValuePair<string, object>(parameter.Name, parameter.Values[_genome[p]]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int Index(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _space.TryIndexOf(key, out int p) && (_stored & (1UL << p)) != 0 ? p : -1;
    }
}
