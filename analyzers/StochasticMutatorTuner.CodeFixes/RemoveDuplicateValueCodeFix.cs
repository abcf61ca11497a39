using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StochasticMutatorTuner.Generators.Shared;

namespace StochasticMutatorTuner.CodeFixes;

/// <summary>SMT0006: removes the repeated value from the attribute's arguments.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveDuplicateValueCodeFix)), Shared]
public sealed class RemoveDuplicateValueCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.DuplicateValueId);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var node = root?.FindNode(context.Span, getInnermostNodeForTie: true);
        var argument = node?.AncestorsAndSelf().OfType<AttributeArgumentSyntax>().FirstOrDefault();
        if (root is null || argument?.Parent is not AttributeArgumentListSyntax list)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                $"Remove the duplicate value {argument.Expression}",
                _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(list, list.WithArguments(list.Arguments.Remove(argument))))),
                equivalenceKey: nameof(RemoveDuplicateValueCodeFix)),
            context.Diagnostics);
    }
}
