using System.Collections.Generic;
using StochasticMutatorTuner.Generators.Model;

namespace StochasticMutatorTuner.Generators.Shared;

/// <summary>Adds problems to a list (one short call per check).</summary>
internal static class SpaceProblems
{
    public static void Add(List<SpaceProblem> problems, SpaceProblemKind kind, Site site, params string[] args) =>
        problems.Add(new SpaceProblem(kind, site, args.ToEquatableArray()));
}
