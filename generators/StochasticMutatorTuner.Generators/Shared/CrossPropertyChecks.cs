using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using StochasticMutatorTuner.Generators.Model;
using StochasticMutatorTuner.Space;

namespace StochasticMutatorTuner.Generators.Shared;

/// <summary>
/// The checks that involve more than one property: parameter names, [ActiveWhen] parents and values, [PerLayer]
/// counts and cycles. Works on <see cref="ParamDeclaration"/> values only (no symbols), so the generator runs it after
/// grouping its per-property steps and the analyzers run the very same code.
/// </summary>
internal static class CrossPropertyChecks
{
    /// <summary>Resolves conditions and layer counts; problems go to <paramref name="problems"/>.</summary>
    /// <returns>A model per declaration, in order (a condition or count that did not resolve is left out).</returns>
    public static EquatableArray<ParamModel> Resolve(IReadOnlyList<ParamDeclaration> declared, List<SpaceProblem> problems)
    {
        CheckNames(declared, problems);
        var byProperty = declared.ToDictionary(d => d.Property, StringComparer.Ordinal);
        var parentOf = new Dictionary<string, string>(StringComparer.Ordinal); // property -> condition parent or layer count
        var models = new List<ParamModel>();
        foreach (var d in declared)
        {
            var condition = ResolveCondition(d, byProperty, problems);
            var count = ResolveLayerCount(d, byProperty, problems);
            if ((condition?.ParentProperty ?? count?.CountProperty) is { } parent)
            {
                parentOf[d.Property] = parent;
            }

            models.Add(new ParamModel(d.Property, d.Name, d.Kind, d.ElementType, d.Values, d.Ordered, condition, d.Collection, count, d.InitOnly));
        }

        CheckCycles(declared, parentOf, problems);
        return models.ToEquatableArray();
    }

    private static void CheckNames(IReadOnlyList<ParamDeclaration> declared, List<SpaceProblem> problems)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in declared)
        {
            if (string.IsNullOrWhiteSpace(d.Name) || !names.Add(d.Name))
            {
                SpaceProblems.Add(problems, SpaceProblemKind.DuplicateParameterName, new Site(SiteKind.Property, d.Property), d.Property, d.Name);
            }
        }
    }

    private static ConditionModel? ResolveCondition(ParamDeclaration d, Dictionary<string, ParamDeclaration> byProperty, List<SpaceProblem> problems)
    {
        if (d.Condition is not { } condition)
        {
            return null;
        }

        string parentName = condition.ParentProperty;
        if (!byProperty.TryGetValue(parentName, out var parent) || parent == d)
        {
            string reason = parentName == d.Property ? "it is the property itself"
                : condition.ParentIsMember ? "it is not a [Param] property"
                : "no such member";
            string closest = parent == d ? "" : EditDistance.Closest(parentName, byProperty.Keys.Where(k => k != d.Property)) ?? "";
            SpaceProblems.Add(problems, SpaceProblemKind.UnknownConditionParent, new Site(SiteKind.ConditionName, d.Property), d.Property, parentName, reason, closest);
            return null;
        }

        if (parent.Collection != CollectionKind.None)
        {
            SpaceProblems.Add(problems, SpaceProblemKind.UnknownConditionParent, new Site(SiteKind.ConditionName, d.Property), d.Property, parentName, "a per-layer list cannot be a condition parent", "");
            return null;
        }

        var attribute = new Site(SiteKind.ConditionAttribute, d.Property);
        var indices = new List<int>();
        if (!condition.ValuesGiven)
        {
            if (parent.Kind != ValueKind.Boolean)
            {
                SpaceProblems.Add(problems, SpaceProblemKind.ConditionValueWrongType, attribute, d.Property, "(none)", parent.Property, $"{parent.ElementTypeDisplay}: name the values that activate it");
                return null;
            }

            int t = IndexOf(parent, "true");
            if (t < 0)
            {
                SpaceProblems.Add(problems, SpaceProblemKind.ConditionValueNotInDomain, attribute, d.Property, "true", parent.Property);
                return null;
            }

            indices.Add(t);
        }
        else if (condition.Values.Count == 0)
        {
            SpaceProblems.Add(problems, SpaceProblemKind.EmptyValues, attribute, d.Property);
            return null;
        }

        for (int i = 0; i < condition.Values.Count; i++)
        {
            var value = condition.Values[i];
            var site = new Site(SiteKind.ConditionValue, d.Property, i);
            int index = value.Canonical is null ? -1 : IndexOf(parent, value.Canonical);
            if (value.Canonical is null)
            {
                SpaceProblems.Add(problems, SpaceProblemKind.ConditionValueWrongType, site, d.Property, value.Display, parent.Property, parent.ElementTypeDisplay);
            }
            else if (index < 0)
            {
                SpaceProblems.Add(problems, SpaceProblemKind.ConditionValueNotInDomain, site, d.Property, value.Display, parent.Property);
            }
            else if (!indices.Contains(index))
            {
                indices.Add(index);
            }
        }

        return new ConditionModel(parent.Property, parent.Name, indices.ToEquatableArray());
    }

    private static LayerCountModel? ResolveLayerCount(ParamDeclaration d, Dictionary<string, ParamDeclaration> byProperty, List<SpaceProblem> problems)
    {
        if (d.LayerCount is not { } countName)
        {
            return null;
        }

        var site = new Site(SiteKind.LayerCountName, d.Property);
        if (!byProperty.TryGetValue(countName, out var count) || count == d)
        {
            SpaceProblems.Add(problems, SpaceProblemKind.InvalidLayerCount, site, d.Property, countName, count == d ? "it is the property itself" : "it is not a [Param] property of this type");
            return null;
        }

        if (count.Kind is not (ValueKind.Int32 or ValueKind.Int64) || count.Collection != CollectionKind.None)
        {
            SpaceProblems.Add(problems, SpaceProblemKind.InvalidLayerCount, site, d.Property, countName, "it is not an integer parameter");
            return null;
        }

        var counts = count.Values.Select(v => long.Parse(v.Canonical, CultureInfo.InvariantCulture)).ToList();
        if (counts.FirstOrDefault(c => c < 0) is < 0 and var negative)
        {
            SpaceProblems.Add(problems, SpaceProblemKind.NegativeLayerCount, site, d.Property, countName, CanonicalText.Of(negative));
            return null;
        }

        return new LayerCountModel(count.Property, count.Name, counts.ToEquatableArray());
    }

    private static void CheckCycles(IReadOnlyList<ParamDeclaration> declared, Dictionary<string, string> parentOf, List<SpaceProblem> problems)
    {
        foreach (var d in declared)
        {
            var chain = new List<string> { d.Property };
            for (string? p = parentOf.TryGetValue(d.Property, out var first) ? first : null; p is not null; p = parentOf.TryGetValue(p, out var next) ? next : null)
            {
                if (p == d.Property)
                {
                    SpaceProblems.Add(problems, SpaceProblemKind.ConditionCycle, new Site(SiteKind.Property, d.Property), d.Property, string.Join(" -> ", chain.Concat(new[] { d.Property })));
                    break;
                }

                if (chain.Contains(p))
                {
                    break; // a cycle further up; reported on its own members
                }

                chain.Add(p);
            }
        }
    }

    private static int IndexOf(ParamDeclaration parameter, string canonical)
    {
        for (int i = 0; i < parameter.Values.Count; i++)
        {
            if (parameter.Values[i].Canonical == canonical)
            {
                return i;
            }
        }

        return -1;
    }
}
