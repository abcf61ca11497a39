using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace StochasticMutatorTuner.Space;

/// <summary>
/// An immutable, validated set of parameters: the engine's whole view of a config type. It works on
/// <em>genomes</em> (one value index per parameter, in <see cref="Parameters"/> order) and never needs the
/// user's type.
/// </summary>
/// <remarks>Thread-safe: every member is read-only after construction.</remarks>
public sealed class SearchSpace
{
    private readonly ParameterSpec[] _parameters;
    private readonly Dictionary<string, int> _indexByName;
    private readonly int[] _parent;             // -1 for unconditional parameters
    private readonly bool[][] _allowed;         // per parameter: which parent value indices activate it
    private readonly int[] _evaluationOrder;    // parents before children
    private readonly string[][] _canonical;     // canonical text per parameter value
    private readonly byte[][][] _keyPairs;      // per parameter value: the bytes it adds to a config key
    private readonly ulong[]?[][] _keyTables;   // per parameter value: its key bytes as a table (ConfigKey.Table), made on first use
    private readonly int[] _valueCounts;        // per parameter: how many values (read per draw, without interface calls)
    private readonly bool[] _ordered;           // per parameter: whether it mutates by one step
    private readonly bool[] _isParent;          // per parameter: whether another parameter's condition reads it

    /// <summary>Validates and creates a space.</summary>
    /// <exception cref="ArgumentException">Duplicate names, unknown or cyclic conditions, or condition indices out of range.</exception>
    public SearchSpace(IEnumerable<ParameterSpec> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters.ToArray();
        _indexByName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < _parameters.Length; i++)
        {
            if (!_indexByName.TryAdd(_parameters[i].Name, i))
            {
                throw new ArgumentException($"The parameter name '{_parameters[i].Name}' is declared twice.", nameof(parameters));
            }
        }

        _parent = new int[_parameters.Length];
        _allowed = new bool[_parameters.Length][];
        _canonical = new string[_parameters.Length][];
        _keyPairs = new byte[_parameters.Length][][];
        _keyTables = new ulong[]?[_parameters.Length][];
        _valueCounts = new int[_parameters.Length];
        _ordered = new bool[_parameters.Length];
        _isParent = new bool[_parameters.Length];
        for (int i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            _valueCounts[i] = p.Values.Count;
            _ordered[i] = p.Ordered;
            _canonical[i] = p.Values.Select(ParamValues.Format).ToArray();
            _keyPairs[i] = Array.ConvertAll(_canonical[i], value => ConfigKey.Pair(p.Name, value));
            _keyTables[i] = new ulong[]?[p.Values.Count];
            _parent[i] = -1;
            if (p.Condition is not { } condition)
            {
                continue;
            }

            if (!_indexByName.TryGetValue(condition.Parent, out int parent))
            {
                throw new ArgumentException($"Parameter '{p.Name}' depends on '{condition.Parent}', which is not a parameter of this space.", nameof(parameters));
            }

            if (parent == i)
            {
                throw new ArgumentException($"Parameter '{p.Name}' depends on itself.", nameof(parameters));
            }

            var allowed = new bool[_parameters[parent].Values.Count];
            foreach (int index in condition.AllowedIndices)
            {
                if ((uint)index >= (uint)allowed.Length)
                {
                    throw new ArgumentException($"Parameter '{p.Name}' depends on value #{index} of '{condition.Parent}', which has only {allowed.Length} values.", nameof(parameters));
                }

                allowed[index] = true;
            }

            _parent[i] = parent;
            _allowed[i] = allowed;
            _isParent[parent] = true;
        }

        _evaluationOrder = TopologicalOrder();
        DistinctConfigCount = CountDistinct();
        Fingerprint = ComputeFingerprint();
    }

    /// <summary>The parameters, in genome order.</summary>
    public IReadOnlyList<ParameterSpec> Parameters => _parameters;

    /// <summary>The number of parameters (the genome length).</summary>
    public int Count => _parameters.Length;

    /// <summary>The number of distinct configs (distinct active assignments); can exceed 2^53 and then is approximate.</summary>
    public double DistinctConfigCount { get; }

    /// <summary>A stable hash of the space's description (names, kinds, values, order flags, conditions).</summary>
    public string Fingerprint { get; }

    /// <summary>The parameter named <paramref name="name"/>.</summary>
    public ParameterSpec this[string name] => _parameters[IndexOf(name)];

    /// <summary>The position of the parameter named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such parameter.</exception>
    public int IndexOf(string name) =>
        _indexByName.TryGetValue(name, out int i) ? i : throw new KeyNotFoundException($"The space has no parameter named '{name}'.");

    /// <summary>The index of the parameter named <paramref name="name"/>, if the space has one.</summary>
    internal bool TryIndexOf(string name, out int index) => _indexByName.TryGetValue(name, out index);

    /// <summary>True when the space has a parameter named <paramref name="name"/>.</summary>
    public bool Contains(string name) => _indexByName.ContainsKey(name);

    /// <summary>How many values each parameter has, in genome order.</summary>
    internal ReadOnlySpan<int> ValueCounts => _valueCounts;

    /// <summary>Whether parameter <paramref name="index"/> mutates by one step along its values.</summary>
    internal bool IsOrdered(int index) => _ordered[index];

    /// <summary>Whether some parameter's condition reads parameter <paramref name="index"/> (changing it may change activity).</summary>
    internal bool IsConditionParent(int index) => _isParent[index];

    /// <summary>Fills <paramref name="active"/> with which parameters are active in <paramref name="genome"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void GetActive(ReadOnlySpan<int> genome, Span<bool> active)
    {
        CheckLength(genome);
        foreach (int i in _evaluationOrder)
        {
            int parent = _parent[i];
            active[i] = parent < 0 || (active[parent] && _allowed[i][genome[parent]]);
        }
    }

    /// <summary>Which parameters are active in <paramref name="genome"/>.</summary>
    public bool[] GetActive(ReadOnlySpan<int> genome)
    {
        var active = new bool[Count];
        GetActive(genome, active);
        return active;
    }

    /// <summary>True when parameter <paramref name="index"/> is active in <paramref name="genome"/>.</summary>
    public bool IsActive(ReadOnlySpan<int> genome, int index)
    {
        for (int i = index; ;)
        {
            int parent = _parent[i];
            if (parent < 0)
            {
                return true;
            }

            if (!_allowed[i][genome[parent]])
            {
                return false;
            }

            i = parent;
        }
    }

    /// <summary>The key of <paramref name="genome"/>: a stable hash of its active names and values.</summary>
    public ConfigKey KeyOf(ReadOnlySpan<int> genome)
    {
        Span<bool> active = _parameters.Length <= 256 ? stackalloc bool[_parameters.Length] : new bool[_parameters.Length];
        GetActive(genome, active);
        return KeyOf(genome, active);
    }

    /// <summary>The key of <paramref name="genome"/> when <paramref name="active"/> says which parameters count (define-by-run spaces).</summary>
    public ConfigKey KeyOf(ReadOnlySpan<int> genome, ReadOnlySpan<bool> active)
    {
        CheckLength(genome);
        return new ConfigKey(HashFrom(ConfigKey.Start, 0, genome, active));
    }

    /// <summary>
    /// The running hash of a key after its first <paramref name="start"/> parameters (<paramref name="hash"/>)
    /// continued over the rest: a draw that changed nothing before <paramref name="start"/> reuses its parent's prefix.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal ulong HashFrom(ulong hash, int start, ReadOnlySpan<int> genome, ReadOnlySpan<bool> active)
    {
        for (int i = start; i < _parameters.Length; i++)
        {
            if (active[i])
            {
                hash = ConfigKey.Append(hash, KeyTable(i, genome[i]));
            }
        }

        return hash;
    }

    /// <summary>
    /// The <see cref="ConfigKey.Table"/> of one value, made when first needed (2 KB each: a space with many values
    /// pays only for those its searches reach). Two threads may both make it; both make the same table.
    /// </summary>
    private ulong[] KeyTable(int index, int valueIndex) => _keyTables[index][valueIndex] ?? MakeKeyTable(index, valueIndex);

    private ulong[] MakeKeyTable(int index, int valueIndex)
    {
        var table = ConfigKey.Table(_keyPairs[index][valueIndex]);
        Volatile.Write(ref _keyTables[index][valueIndex], table); // published whole: a reader sees null or the full table
        return table;
    }

    /// <summary>
    /// The running hash of <paramref name="genome"/>'s key before each parameter: <paramref name="prefixes"/>[i] covers
    /// parameters 0 to i - 1, and the last entry (one past the parameters) is the whole key.
    /// </summary>
    internal void PrefixHashes(ReadOnlySpan<int> genome, ReadOnlySpan<bool> active, Span<ulong> prefixes)
    {
        CheckLength(genome);
        ulong hash = ConfigKey.Start;
        for (int i = 0; i < _parameters.Length; i++)
        {
            prefixes[i] = hash;
            if (active[i])
            {
                hash = ConfigKey.Append(hash, KeyTable(i, genome[i]));
            }
        }

        prefixes[_parameters.Length] = hash;
    }

    /// <summary>The canonical text of parameter <paramref name="index"/>'s value number <paramref name="valueIndex"/>.</summary>
    public string FormatValue(int index, int valueIndex) => _canonical[index][valueIndex];

    /// <summary>The active parameters of <paramref name="genome"/> and their values, in space order.</summary>
    public IReadOnlyDictionary<string, object> ActiveValues(ReadOnlySpan<int> genome) => ActiveValues(genome, GetActive(genome));

    /// <summary>The parameters of <paramref name="genome"/> that <paramref name="active"/> marks, and their values, in space order.</summary>
    public IReadOnlyDictionary<string, object> ActiveValues(ReadOnlySpan<int> genome, ReadOnlySpan<bool> active)
    {
        CheckLength(genome);
        var result = new OrderedValues();
        for (int i = 0; i < Count; i++)
        {
            if (active[i])
            {
                result.Add(_parameters[i].Name, _parameters[i].Values[genome[i]]);
            }
        }

        return result;
    }

    /// <summary>A uniformly random genome (each parameter drawn independently).</summary>
    public int[] Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var genome = new int[Count];
        for (int i = 0; i < genome.Length; i++)
        {
            genome[i] = random.Next(_parameters[i].Values.Count);
        }

        return genome;
    }

    /// <summary>Throws unless <paramref name="genome"/> has one in-range index per parameter.</summary>
    public void Validate(ReadOnlySpan<int> genome)
    {
        CheckLength(genome);
        for (int i = 0; i < genome.Length; i++)
        {
            if ((uint)genome[i] >= (uint)_parameters[i].Values.Count)
            {
                throw new ArgumentException($"Genome index {genome[i]} is out of range for parameter '{_parameters[i].Name}' ({_parameters[i].Values.Count} values).");
            }
        }
    }

    /// <summary>Every distinct config once, in canonical form (inactive parameters at index 0), in a fixed order.</summary>
    public IEnumerable<int[]> EnumerateDistinct()
    {
        var genome = new int[Count];
        return Enumerate(0);

        IEnumerable<int[]> Enumerate(int depth)
        {
            if (depth == _evaluationOrder.Length)
            {
                yield return (int[])genome.Clone();
                yield break;
            }

            int i = _evaluationOrder[depth];
            int parent = _parent[i];
            bool active = parent < 0 || (IsActive(genome, parent) && _allowed[i][genome[parent]]);
            int choices = active ? _parameters[i].Values.Count : 1;
            for (int v = 0; v < choices; v++)
            {
                genome[i] = v;
                foreach (var g in Enumerate(depth + 1))
                {
                    yield return g;
                }
            }

            genome[i] = 0;
        }
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(Environment.NewLine, _parameters.Select(p => p.ToString()));

    private void CheckLength(ReadOnlySpan<int> genome)
    {
        if (genome.Length != _parameters.Length)
        {
            throw new ArgumentException($"A genome of this space has {_parameters.Length} entries, not {genome.Length}.");
        }
    }

    private int[] TopologicalOrder()
    {
        var order = new List<int>(Count);
        var state = new byte[Count]; // 0 new, 1 visiting, 2 done
        for (int i = 0; i < Count; i++)
        {
            Visit(i);
        }

        return order.ToArray();

        void Visit(int i)
        {
            if (state[i] == 2)
            {
                return;
            }

            if (state[i] == 1)
            {
                throw new ArgumentException($"The conditions of parameter '{_parameters[i].Name}' form a cycle.");
            }

            state[i] = 1;
            if (_parent[i] >= 0)
            {
                Visit(_parent[i]);
            }

            state[i] = 2;
            order.Add(i);
        }
    }

    private double CountDistinct()
    {
        // count(p) = sum over p's values v of the product, over children active under v, of count(child).
        var children = new List<int>[Count];
        for (int i = 0; i < Count; i++)
        {
            children[i] = new List<int>();
        }

        for (int i = 0; i < Count; i++)
        {
            if (_parent[i] >= 0)
            {
                children[_parent[i]].Add(i);
            }
        }

        double Subtree(int p)
        {
            double sum = 0;
            for (int v = 0; v < _parameters[p].Values.Count; v++)
            {
                double product = 1;
                foreach (int c in children[p])
                {
                    if (_allowed[c][v])
                    {
                        product *= Subtree(c);
                    }
                }

                sum += product;
            }

            return sum;
        }

        double total = 1;
        for (int i = 0; i < Count; i++)
        {
            if (_parent[i] < 0)
            {
                total *= Subtree(i);
            }
        }

        return total;
    }

    private string ComputeFingerprint()
    {
        var text = new StringBuilder();
        foreach (var p in _parameters)
        {
            text.Append(p.Name).Append('\u001f').Append(ParamValues.KindName(p.Kind)).Append('\u001f').Append(p.Ordered ? '1' : '0');
            foreach (var value in p.Values)
            {
                text.Append('\u001f').Append(ParamValues.Format(value));
            }

            if (p.Condition is { } c)
            {
                text.Append("\u001fwhen\u001f").Append(c.Parent).Append('\u001f').Append(string.Join(",", c.AllowedIndices.Select(i => ParamValues.Format(_parameters[IndexOf(c.Parent)].Values[i]))));
            }

            text.Append('\u001e');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16].ToLowerInvariant();
    }

    /// <summary>A small insertion-ordered read-only dictionary, so reports list parameters in declaration order.</summary>
    private sealed class OrderedValues : IReadOnlyDictionary<string, object>
    {
        private readonly List<KeyValuePair<string, object>> _items = new();

        public object this[string key] => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException(key);

        public IEnumerable<string> Keys => _items.Select(p => p.Key);

        public IEnumerable<object> Values => _items.Select(p => p.Value);

        public int Count => _items.Count;

        public void Add(string key, object value) => _items.Add(new(key, value));

        public bool ContainsKey(string key) => _items.Exists(p => p.Key == key);

        public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out object value)
        {
            foreach (var p in _items)
            {
                if (p.Key == key)
                {
                    value = p.Value;
                    return true;
                }
            }

            value = default;
            return false;
        }

        public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => _items.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
