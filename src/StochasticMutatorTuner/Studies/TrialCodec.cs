using System.Globalization;
using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Studies;

/// <summary>
/// The one place where trial values cross between a space (genomes, typed values) and a storage (canonical text):
/// a candidate's active values become stored text, a stored trial becomes a <see cref="TrialRecord"/> of this
/// process's space — or a foreign one when it holds a parameter or value the space does not have.
/// </summary>
/// <remarks>Not thread-safe; the study calls it under its lock.</remarks>
internal sealed class TrialCodec
{
    private SearchSpace? _space;
    private Dictionary<string, int>[] _valueIndex = Array.Empty<Dictionary<string, int>>();
    private bool _spaceReplaced; // once a define-by-run space grew, records decoded before may be of the older space

    /// <summary>The active parameters of <paramref name="candidate"/> as names and canonical text, in space order.</summary>
    public static KeyValuePair<string, string>[] Encode(SearchSpace space, Candidate candidate)
    {
        int active = 0;
        for (int i = 0; i < space.Count; i++)
        {
            if (candidate.Active[i])
            {
                active++;
            }
        }

        var values = new KeyValuePair<string, string>[active];
        for (int i = 0, k = 0; i < space.Count; i++)
        {
            if (candidate.Active[i])
            {
                values[k++] = new(space.Parameters[i].Name, space.FormatValue(i, candidate.Genome[i]));
            }
        }

        return values;
    }

    /// <summary>
    /// Maps a stored trial onto <paramref name="space"/>: values by canonical text, inactive parameters at index 0.
    /// A later version of a trial the view holds as <paramref name="existing"/> keeps its decoded values (a trial's
    /// values never change), unless the space has changed since (define-by-run growth).
    /// </summary>
    public TrialRecord Decode(SearchSpace space, StoredTrial row, TrialRecord? existing = null)
    {
        Index(space);
        if (existing is not null && !_spaceReplaced)
        {
            return WithState(row, existing.Genome, existing.Params, existing.IsForeign, existing.Key);
        }

        var genome = new int[space.Count];
        if (TryDecodeInOrder(space, row, genome) is { } inOrder)
        {
            return WithState(row, genome, inOrder, foreign: false, ConfigKey.Parse(row.Key));
        }

        var values = new Dictionary<string, object>(row.Params.Count, StringComparer.Ordinal);
        bool foreign = false;
        foreach (var (name, text) in row.Params)
        {
            if (!foreign && space.TryIndexOf(name, out int p) && _valueIndex[p].TryGetValue(text, out int v))
            {
                genome[p] = v;
                values[name] = space.Parameters[p].Values[v];
            }
            else
            {
                foreign = true;
            }
        }

        if (foreign)
        {
            // Written by a worker with another version of the space: kept as text, never decoded.
            values.Clear();
            foreach (var (name, text) in row.Params)
            {
                values[name] = text;
            }
        }

        return WithState(row, foreign ? Array.Empty<int>() : genome, values, foreign, ConfigKey.Parse(row.Key));
    }

    /// <summary>
    /// The usual case — every stored parameter and value known, in this space's order (as this process's workers
    /// write them) — decoded into <paramref name="genome"/> with its values read from the genome; null otherwise
    /// (then a dictionary in the stored order keeps what was stored).
    /// </summary>
    private SpaceParams? TryDecodeInOrder(SearchSpace space, StoredTrial row, int[] genome)
    {
        if (space.Count > SpaceParams.MaxParameters)
        {
            return null;
        }

        ulong stored = 0;
        int previous = -1;
        var pairs = row.Params;
        for (int i = 0; i < pairs.Count; i++)
        {
            var (name, text) = pairs[i];
            if (!TryFindAfter(space, previous, name, out int p) || !TryFindValue(space, p, text, out int v))
            {
                Array.Clear(genome);
                return null;
            }

            genome[p] = v;
            stored |= 1UL << p;
            previous = p;
        }

        return new SpaceParams(space, genome, stored);
    }

    /// <summary>
    /// The parameter named <paramref name="name"/>, when it comes after <paramref name="previous"/>. A row this process
    /// wrote holds the space's own name and value strings, so the parameters after the previous one are compared by
    /// reference first (no hashing); any other string is looked up by its text.
    /// </summary>
    private static bool TryFindAfter(SearchSpace space, int previous, string name, out int index)
    {
        for (int p = previous + 1; p < space.Count; p++)
        {
            if (ReferenceEquals(space.Parameters[p].Name, name))
            {
                index = p;
                return true;
            }
        }

        return space.TryIndexOf(name, out index) && index > previous;
    }

    /// <summary>The value of parameter <paramref name="p"/> written as <paramref name="text"/>: by reference among a few values, else by text.</summary>
    private bool TryFindValue(SearchSpace space, int p, string text, out int value)
    {
        int count = space.ValueCounts[p];
        for (int v = 0; v < count && v < 16; v++)
        {
            if (ReferenceEquals(space.FormatValue(p, v), text))
            {
                value = v;
                return true;
            }
        }

        return _valueIndex[p].TryGetValue(text, out value);
    }

    /// <summary>The error text of a trial failed as stale.</summary>
    public static string StaleError(DateTimeOffset lastSeen) =>
        $"stale: no heartbeat since {lastSeen.ToString("u", CultureInfo.InvariantCulture)}; its worker is presumed dead";

    private static TrialRecord WithState(StoredTrial row, IReadOnlyList<int> genome, IReadOnlyDictionary<string, object> values, bool foreign, ConfigKey key)
    {
        return new TrialRecord
        {
            Number = row.Number,
            Key = key,
            Genome = genome,
            Params = values, // stored in the writer's space order
            State = row.State,
            Score = row.Score,
            Metrics = row.Metrics,
            IntermediateValues = row.IntermediateValues,
            StartedAt = row.StartedAt,
            FinishedAt = row.FinishedAt,
            HeartbeatAt = row.HeartbeatAt,
            StaleAfter = row.StaleAfter,
            FailureKind = row.FailureKind,
            Error = row.Error ?? (row.FailureKind == TrialFailureKind.Stale ? StaleError(row.HeartbeatAt ?? row.StartedAt) : null),
            PrunedStep = row.PrunedStep,
            Paused = row.Paused,
            WorkerId = row.WorkerId,
            IsForeign = foreign,
            Version = row.Version,
        };
    }

    /// <summary>Builds the text → index lookups once per space (a define-by-run space is replaced as it grows).</summary>
    private void Index(SearchSpace space)
    {
        if (ReferenceEquals(space, _space))
        {
            return;
        }

        var index = new Dictionary<string, int>[space.Count];
        for (int p = 0; p < space.Count; p++)
        {
            int count = space.Parameters[p].Values.Count;
            index[p] = new Dictionary<string, int>(count, StringComparer.Ordinal);
            for (int v = 0; v < count; v++)
            {
                index[p].TryAdd(space.FormatValue(p, v), v);
            }
        }

        _spaceReplaced |= _space is not null;
        _valueIndex = index;
        _space = space;
    }
}
