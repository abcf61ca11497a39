using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using StochasticMutatorTuner.Generators.Shared;

namespace StochasticMutatorTuner.Analyzers;

/// <summary>
/// SMT0018: warns when a conditional parameter (<c>[ActiveWhen]</c>) is read where its condition may be false.
/// </summary>
/// <remarks>
/// Recognised guards, in the same method and on the same config instance: an enclosing <c>if</c> whose condition
/// (or one operand of its <c>&amp;&amp;</c>) is the condition; the true branch of a <c>?:</c>; the right operand of
/// <c>&amp;&amp;</c>; an earlier <c>if (!condition) return/throw/continue/break;</c> in an enclosing block; and
/// <c>config.IsActive("Name")</c>. A condition is the bool parent itself, <c>parent == value</c>, or
/// <c>parent is value [or value…]</c> with values that activate the parameter. Reads inside the config type itself
/// are not checked.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnguardedReadAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.UnguardedRead);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var activeWhen = start.Compilation.GetTypeByMetadataName(KnownNames.ActiveWhenAttribute);
            if (activeWhen is null)
            {
                return;
            }

            start.RegisterOperationAction(ctx => AnalyzeRead(ctx, activeWhen), OperationKind.PropertyReference);
        });
    }

    private static void AnalyzeRead(OperationAnalysisContext context, INamedTypeSymbol activeWhen)
    {
        var read = (IPropertyReferenceOperation)context.Operation;
        var property = read.Property;
        var attribute = property.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, activeWhen));
        if (attribute is null || attribute.ConstructorArguments.Length == 0 || attribute.ConstructorArguments[0].Value is not string parentName)
        {
            return;
        }

        if (IsWrite(read) || SymbolEqualityComparer.Default.Equals(context.ContainingSymbol.ContainingType, property.ContainingType))
        {
            return;
        }

        var parent = property.ContainingType.GetMembers(parentName).OfType<IPropertySymbol>().FirstOrDefault();
        if (parent is null || read.Instance is null)
        {
            return; // an invalid condition is reported by SMT0010
        }

        var guard = new Guard(property, parent, AllowedValues(attribute, parent), Receiver(read.Instance), read.SemanticModel!);
        if (!guard.Holds(read.Syntax))
        {
            string when = guard.Allowed is null ? $"{parent.Name} is true" : $"{parent.Name} is {string.Join(" or ", guard.AllowedDisplay)}";
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnguardedRead, read.Syntax.GetLocation(), property.Name, parent.Name, when));
        }
    }

    private static bool IsWrite(IOperation read) =>
        read.Parent is ISimpleAssignmentOperation assignment && assignment.Target == read
        || read.Parent?.Kind == OperationKind.MemberInitializer;

    /// <summary>The canonical texts of the parent values that activate the parameter, or null for "the bool parent is true".</summary>
    private static HashSet<string>? AllowedValues(AttributeData attribute, IPropertySymbol parent)
    {
        if (attribute.ConstructorArguments.Length < 2 || ValueConverter.KindOf(parent.Type) is not { } kind)
        {
            return null;
        }

        var result = new HashSet<string>();
        foreach (var value in attribute.ConstructorArguments[1].Values)
        {
            if (ValueConverter.TryConvert(value, kind, parent.Type, out var converted))
            {
                result.Add(converted.Canonical);
            }
        }

        return kind == Generators.Model.ValueKind.Boolean && result.Count == 1 && result.Contains("true") ? null : result;
    }

    /// <summary>The symbol a receiver expression refers to (a local, parameter, field or property), or the type for <c>this</c>.</summary>
    private static ISymbol? Receiver(IOperation instance) => instance switch
    {
        ILocalReferenceOperation l => l.Local,
        IParameterReferenceOperation p => p.Parameter,
        IFieldReferenceOperation f => f.Field,
        IPropertyReferenceOperation p => p.Property,
        IInstanceReferenceOperation i => i.Type,
        IConversionOperation c => Receiver(c.Operand),
        _ => null,
    };

    /// <summary>Decides whether a read is dominated by a check of its condition.</summary>
    private sealed class Guard(IPropertySymbol property, IPropertySymbol parent, HashSet<string>? allowed, ISymbol? receiver, SemanticModel model)
    {
        public HashSet<string>? Allowed { get; } = allowed;

        public IEnumerable<string> AllowedDisplay => Allowed ?? Enumerable.Empty<string>();

        public bool Holds(SyntaxNode read)
        {
            if (receiver is null)
            {
                return true; // cannot tell which instance: stay quiet rather than guess
            }

            for (SyntaxNode node = read; node.Parent is { } up; node = up)
            {
                switch (up)
                {
                    case IfStatementSyntax s when s.Statement == node && Implies(s.Condition):
                    case ConditionalExpressionSyntax c when c.WhenTrue == node && Implies(c.Condition):
                    case BinaryExpressionSyntax b when b.IsKind(SyntaxKind.LogicalAndExpression) && b.Right == node && Implies(b.Left):
                        return true;
                    case ElseClauseSyntax { Parent: IfStatementSyntax s } when ImpliesNot(s.Condition):
                        return true;
                    case BlockSyntax block when EarlierExit(block, node):
                        return true;
                    case MemberDeclarationSyntax or LocalFunctionStatementSyntax:
                        return false;
                }
            }

            return false;
        }

        /// <summary>True when <paramref name="condition"/> being true means the parameter is active.</summary>
        private bool Implies(ExpressionSyntax condition)
        {
            condition = Unwrap(condition);
            if (condition is BinaryExpressionSyntax and && and.IsKind(SyntaxKind.LogicalAndExpression))
            {
                return Implies(and.Left) || Implies(and.Right);
            }

            if (condition is InvocationExpressionSyntax call && IsActiveCall(call))
            {
                return true;
            }

            if (IsParent(condition))
            {
                return Allowed is null;
            }

            if (condition is BinaryExpressionSyntax eq && eq.IsKind(SyntaxKind.EqualsExpression))
            {
                return (IsParent(eq.Left) && Matches(eq.Right)) || (IsParent(eq.Right) && Matches(eq.Left));
            }

            if (condition is IsPatternExpressionSyntax pattern && IsParent(pattern.Expression))
            {
                return PatternMatchesOnlyAllowed(pattern.Pattern);
            }

            return false;
        }

        /// <summary>True when <paramref name="condition"/> being false means the parameter is active.</summary>
        private bool ImpliesNot(ExpressionSyntax condition)
        {
            condition = Unwrap(condition);
            if (condition is PrefixUnaryExpressionSyntax not && not.IsKind(SyntaxKind.LogicalNotExpression))
            {
                return Implies(not.Operand);
            }

            if (condition is BinaryExpressionSyntax or && or.IsKind(SyntaxKind.LogicalOrExpression))
            {
                return ImpliesNot(or.Left) || ImpliesNot(or.Right);
            }

            if (Allowed is null && condition is BinaryExpressionSyntax eqFalse && eqFalse.IsKind(SyntaxKind.EqualsExpression))
            {
                return (IsParent(eqFalse.Left) && IsFalse(eqFalse.Right)) || (IsParent(eqFalse.Right) && IsFalse(eqFalse.Left));
            }

            if (condition is BinaryExpressionSyntax ne && ne.IsKind(SyntaxKind.NotEqualsExpression))
            {
                // `parent != v` false means parent == v: active when v activates it.
                return (IsParent(ne.Left) && Matches(ne.Right)) || (IsParent(ne.Right) && Matches(ne.Left));
            }

            return false;
        }

        /// <summary>An earlier statement in <paramref name="block"/>: <c>if (notActive) return/throw/continue/break;</c>.</summary>
        private bool EarlierExit(BlockSyntax block, SyntaxNode current)
        {
            foreach (var statement in block.Statements)
            {
                if (statement == current)
                {
                    return false;
                }

                if (statement is IfStatementSyntax { Else: null } s && ExitsAlways(s.Statement) && ImpliesNot(s.Condition))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool ExitsAlways(StatementSyntax statement) => statement switch
        {
            ReturnStatementSyntax or ThrowStatementSyntax or ContinueStatementSyntax or BreakStatementSyntax => true,
            BlockSyntax { Statements.Count: > 0 } b => ExitsAlways(b.Statements.Last()),
            _ => false,
        };

        private bool IsActiveCall(InvocationExpressionSyntax call) =>
            call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "IsActive" } access
            && SameReceiver(access.Expression)
            && call.ArgumentList.Arguments.Count == 1
            && model.GetConstantValue(call.ArgumentList.Arguments[0].Expression).Value is string name
            && name == property.Name;

        private bool IsParent(ExpressionSyntax expression)
        {
            expression = Unwrap(expression);
            var symbol = model.GetSymbolInfo(expression).Symbol;
            if (!SymbolEqualityComparer.Default.Equals(symbol, parent))
            {
                return false;
            }

            return expression is MemberAccessExpressionSyntax access ? SameReceiver(access.Expression) : receiver is ITypeSymbol;
        }

        private bool SameReceiver(ExpressionSyntax expression)
        {
            expression = Unwrap(expression);
            if (expression is ThisExpressionSyntax)
            {
                return receiver is ITypeSymbol;
            }

            return SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(expression).Symbol, receiver);
        }

        private bool Matches(ExpressionSyntax value) => Allowed is null
            ? model.GetConstantValue(value).Value is true
            : Canonical(value) is { } text && Allowed.Contains(text);

        private bool IsFalse(ExpressionSyntax value) => model.GetConstantValue(value).Value is false;

        private bool PatternMatchesOnlyAllowed(PatternSyntax pattern) => pattern switch
        {
            ConstantPatternSyntax c => Matches(c.Expression),
            BinaryPatternSyntax b when b.IsKind(SyntaxKind.OrPattern) => PatternMatchesOnlyAllowed(b.Left) && PatternMatchesOnlyAllowed(b.Right),
            ParenthesizedPatternSyntax p => PatternMatchesOnlyAllowed(p.Pattern),
            _ => false,
        };

        private string? Canonical(ExpressionSyntax value)
        {
            var constant = model.GetConstantValue(value);
            if (!constant.HasValue || ValueConverter.KindOf(parent.Type) is not { } kind)
            {
                return null;
            }

            if (kind == Generators.Model.ValueKind.Enum)
            {
                return model.GetSymbolInfo(value).Symbol is IFieldSymbol { ContainingType.TypeKind: TypeKind.Enum } field
                    && SymbolEqualityComparer.Default.Equals(field.ContainingType, parent.Type)
                    ? field.Name
                    : null;
            }

            return constant.Value switch
            {
                bool b => b ? "true" : "false",
                string s => s,
                System.IFormattable f => f.ToString(kind is Generators.Model.ValueKind.Double or Generators.Model.ValueKind.Single ? "R" : null, System.Globalization.CultureInfo.InvariantCulture),
                _ => null,
            };
        }

        private static ExpressionSyntax Unwrap(ExpressionSyntax expression) =>
            expression is ParenthesizedExpressionSyntax p ? Unwrap(p.Expression) : expression;
    }
}
