using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StochasticMutatorTuner.Generators.Shared;

namespace StochasticMutatorTuner.CodeFixes;

/// <summary>SMT0010: replaces a misspelled condition name with <c>nameof(ClosestProperty)</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseClosestNameCodeFix)), Shared]
public sealed class UseClosestNameCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.UnknownConditionParentId);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue("closest", out var closest) || string.IsNullOrEmpty(closest))
            {
                continue;
            }

            var argument = root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<AttributeArgumentSyntax>().FirstOrDefault();
            if (root is null || argument is null)
            {
                continue;
            }

            var replacement = argument.WithExpression(
                SyntaxFactory.InvocationExpression(SyntaxFactory.IdentifierName("nameof"))
                    .AddArgumentListArguments(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(closest!)))
                    .WithTriviaFrom(argument.Expression));
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Use nameof({closest})",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(argument, replacement))),
                    equivalenceKey: nameof(UseClosestNameCodeFix) + closest),
                diagnostic);
        }
    }
}
