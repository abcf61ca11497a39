using StochasticMutatorTuner.Space;

namespace StochasticMutatorTuner.Dynamic;

/// <summary>
/// Resolves genomes of a define-by-run space by calling the build function: the parameters it reads are the
/// active ones, and parameters it declares for the first time join the space (with a random value).
/// </summary>
internal sealed class DefineByRunResolver : IGrowingSpaceResolver
{
    private readonly Action<HyperParameters> _build;
    private readonly List<ParameterSpec> _specs = new();
    private readonly HashSet<string> _placeholders = new(StringComparer.Ordinal);

    public DefineByRunResolver(Action<HyperParameters> build)
    {
        _build = build;
        Space = new SearchSpace(_specs);
    }

    public SearchSpace Space { get; private set; }

    public Candidate Resolve(ReadOnlySpan<int> genome, Random random)
    {
        var values = new List<int>(Math.Max(genome.Length, Space.Count));
        foreach (int g in genome)
        {
            values.Add(g);
        }

        for (int i = values.Count; i < Space.Count; i++)
        {
            values.Add(random.Next(Space.Parameters[i].Values.Count));
        }

        var planning = new PlanningSource(this, values, random);
        _build(new HyperParameters(planning));
        var full = values.ToArray();
        var active = new bool[full.Length];
        foreach (int i in planning.ReadIndices)
        {
            active[i] = true;
        }

        return new Candidate(full, active, Space.KeyOf(full, active));
    }

    public void Seed(IReadOnlyList<ParameterDescription> stored)
    {
        foreach (var p in stored)
        {
            if (Space.Contains(p.Name))
            {
                continue;
            }

            _specs.Add(new ParameterSpec(p.Name, SpaceDescription.ParseValues(p.Kind, p.Values), p.Ordered));
            if (p.Kind == "enum")
            {
                _placeholders.Add(p.Name); // gets its enum type when the build function declares it
            }
        }

        Space = new SearchSpace(_specs);
    }

    /// <summary>The index of <paramref name="declared"/> in the space, adding it when new.</summary>
    internal int Declare(ParameterSpec declared)
    {
        if (!Space.Contains(declared.Name))
        {
            _specs.Add(declared);
            Space = new SearchSpace(_specs);
            return Space.Count - 1;
        }

        int index = Space.IndexOf(declared.Name);
        var known = Space.Parameters[index];
        var knownTexts = known.Values.Select(ParamValues.Format);
        var declaredTexts = declared.Values.Select(ParamValues.Format);
        if (!knownTexts.SequenceEqual(declaredTexts) || (known.Ordered != declared.Ordered && !_placeholders.Contains(declared.Name)))
        {
            throw new InvalidOperationException(
                $"Parameter '{declared.Name}' was declared with values [{string.Join(", ", knownTexts)}]{(known.Ordered ? " (ordered)" : "")} and now with [{string.Join(", ", declaredTexts)}]{(declared.Ordered ? " (ordered)" : "")}. " +
                "A name must always come with the same values; use a new name or a new study.");
        }

        if (_placeholders.Remove(declared.Name) || known.Kind != declared.Kind)
        {
            // A parameter seeded from storage gets its real .NET type (e.g. an enum) on first declaration.
            _specs[index] = declared;
            Space = new SearchSpace(_specs);
        }

        return index;
    }

    /// <summary>Values while planning: from the genome, new parameters drawn at random.</summary>
    private sealed class PlanningSource(DefineByRunResolver owner, List<int> genome, Random random) : IParameterSource
    {
        public HashSet<int> ReadIndices { get; } = new();

        public object Read(ParameterSpec declared)
        {
            int index = owner.Declare(declared);
            while (genome.Count < owner.Space.Count)
            {
                genome.Add(random.Next(owner.Space.Parameters[genome.Count].Values.Count));
            }

            ReadIndices.Add(index);
            return owner.Space.Parameters[index].Values[genome[index]];
        }

        public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out object value)
        {
            value = null;
            if (!owner.Space.Contains(name) || !ReadIndices.Contains(owner.Space.IndexOf(name)))
            {
                return false;
            }

            value = owner.Space[name].Values[genome[owner.Space.IndexOf(name)]];
            return true;
        }
    }
}

/// <summary>Values while a trial runs: exactly the planned ones; a parameter not read while planning is an error.</summary>
internal sealed class TrialSource(SearchSpace space, Candidate candidate) : IParameterSource
{
    public object Read(ParameterSpec declared)
    {
        if (!TryGet(declared.Name, out var value))
        {
            throw new InvalidOperationException(
                $"The build function read parameter '{declared.Name}', which it did not read when this trial was planned. A build function must read the same parameters whenever it gets the same values (no randomness or outside state deciding which parameters are read).");
        }

        var known = space[declared.Name];
        if (!known.Values.Select(ParamValues.Format).SequenceEqual(declared.Values.Select(ParamValues.Format)))
        {
            throw new InvalidOperationException($"Parameter '{declared.Name}' was declared with other values than when this trial was planned.");
        }

        return value;
    }

    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out object value)
    {
        value = null;
        if (!space.Contains(name))
        {
            return false;
        }

        int index = space.IndexOf(name);
        if (index >= candidate.Active.Length || !candidate.Active[index])
        {
            return false;
        }

        value = space.Parameters[index].Values[candidate.Genome[index]];
        return true;
    }
}
