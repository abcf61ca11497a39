using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StochasticMutatorTuner.Generators.Model;

namespace StochasticMutatorTuner.Generators.Shared;

/// <summary>Reads a config type's own declaration: its names, and whether generated code can extend and create it.</summary>
internal static class TypeReader
{
    /// <summary>The type's model; problems of its shape (not partial, not creatable) are added to <paramref name="problems"/>.</summary>
    public static TypeModel Read(INamedTypeSymbol type, KnownSymbols known, List<SpaceProblem> problems)
    {
        bool allPartial = true;
        int depth = 0;
        for (var t = type; t is not null; t = t.ContainingType, depth++)
        {
            if (!IsPartial(t))
            {
                allPartial = false;
                SpaceProblems.Add(problems, SpaceProblemKind.NotPartial, Site.OfType(depth), t.Name);
            }
        }

        bool generic = type.IsGenericType || Containers(type).Any(c => c.IsGenericType);
        string? reason = type.TypeKind != TypeKind.Class ? "only classes and record classes can be config types"
            : type.IsStatic ? "a static class cannot be instantiated"
            : type.IsAbstract ? "an abstract class cannot be instantiated"
            : generic ? "generic config types are not supported"
            : !type.InstanceConstructors.Any(c => c.Parameters.Length == 0) ? "it needs a parameterless constructor (positional records are not supported)"
            : type.GetMembers().OfType<IPropertySymbol>().FirstOrDefault(p => p.IsRequired && known.Param(p) is null) is { } required
                ? $"its required member '{required.Name}' is not a [Param], so generated code cannot create instances"
            : null;
        if (reason is not null)
        {
            SpaceProblems.Add(problems, SpaceProblemKind.UnsupportedConfigType, Site.OfType(0), type.Name, reason);
        }

        string ns = type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString();
        string fqn = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        return new TypeModel(
            ns,
            type.Name,
            fqn,
            fqn.Replace("global::", "").Replace('<', '_').Replace('>', '_') + ".g.cs",
            Keyword(type),
            Containers(type).Reverse().Select(c => new ContainingTypeModel(Keyword(c), c.Name)).ToEquatableArray(),
            DeclaresToString: type.GetMembers("ToString").OfType<IMethodSymbol>().Any(m => m.Parameters.Length == 0 && !m.IsImplicitlyDeclared),
            DeclaresClone: type.GetMembers("Clone").Any(m => !m.IsImplicitlyDeclared),
            // A partial declaration of anything else would not compile (or would declare another type).
            CanExtend: allPartial && !generic && !type.IsStatic && type.TypeKind is TypeKind.Class or TypeKind.Struct);
    }

    private static IEnumerable<INamedTypeSymbol> Containers(INamedTypeSymbol type)
    {
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            yield return outer;
        }
    }

    private static bool IsPartial(INamedTypeSymbol type) =>
        type.DeclaringSyntaxReferences.Length > 0 && type.DeclaringSyntaxReferences.All(r =>
            r.GetSyntax() is TypeDeclarationSyntax decl && decl.Modifiers.Any(m => m.IsKind(SyntaxKind.PartialKeyword)));

    private static string Keyword(INamedTypeSymbol type) => type switch
    {
        { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
        { IsRecord: true } => "record",
        { TypeKind: TypeKind.Struct } => "struct",
        { TypeKind: TypeKind.Interface } => "interface",
        _ => "class",
    };
}
