namespace StochasticMutatorTuner.Generators.Model;

/// <summary>The config type itself: where it is declared and what may be added to it. Strings and flags only.</summary>
/// <param name="Namespace">The namespace, or "" for the global one.</param>
/// <param name="Name">The type's name.</param>
/// <param name="FullyQualifiedName">global::-qualified name for use in code.</param>
/// <param name="HintName">The generated file's name.</param>
/// <param name="Keyword">"class", "record", "struct" or "record struct".</param>
/// <param name="Containers">Containing types, outermost first.</param>
/// <param name="DeclaresToString">True when the user wrote ToString (then none is generated).</param>
/// <param name="DeclaresClone">True when the user declared a member named Clone (then none is generated).</param>
/// <param name="CanExtend">
/// True when a generated partial declaration compiles: the type and its containers are partial, and it is a
/// non-generic, non-static class, record or struct. Otherwise nothing is generated at all.
/// </param>
internal sealed record TypeModel(
    string Namespace,
    string Name,
    string FullyQualifiedName,
    string HintName,
    string Keyword,
    EquatableArray<ContainingTypeModel> Containers,
    bool DeclaresToString,
    bool DeclaresClone,
    bool CanExtend)
{
    /// <summary>True for a record class or record struct (records copy with <c>with</c>, and cannot declare Clone).</summary>
    public bool IsRecord => Keyword.StartsWith("record", System.StringComparison.Ordinal);

    /// <summary>True for a class or record class.</summary>
    public bool IsClass => Keyword is "class" or "record";
}
