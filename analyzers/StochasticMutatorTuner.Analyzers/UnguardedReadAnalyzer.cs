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
        if (parent is null || read.Instance is null || Domain(parent) is not { } domain || AllowedValues(attribute, parent) is not { } allowed)
        {
            return; // an invalid condition or parent is reported by the space analyzer
        }

        var guard = new Guard(property, parent, domain, allowed, Receiver(read.Instance), read.SemanticModel!);
        if (!guard.Holds(read.Syntax))
        {
            string when = allowed.Count == 1 && allowed.Contains("true") && domain.Contains("false") ? $"{parent.Name} is true" : $"{parent.Name} is {string.Join(" or ", allowed.OrderBy(v => v, System.StringComparer.Ordinal))}";
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnguardedRead, read.Syntax.GetLocation(), property.Name, parent.Name, when));
        }
    }

    private static bool IsWrite(IOperation read) =>
        read.Parent is ISimpleAssignmentOperation assignment && assignment.Target == read
        || read.Parent?.Kind == OperationKind.MemberInitializer;

    /// <summary>The canonical texts of the parent's values, from its [Param] attribute.</summary>
    private static HashSet<string>? Domain(IPropertySymbol parent)
    {
        var param = SpaceReader.FindAttribute(parent, KnownNames.ParamAttribute);
        if (param is null || ValueConverter.KindOf(parent.Type) is not { } kind)
        {
            return null;
        }

        var raw = param.ConstructorArguments.Length == 1 && param.ConstructorArguments[0].Kind == TypedConstantKind.Array
            ? param.ConstructorArguments[0].Values
            : ImmutableArray<TypedConstant>.Empty;
        if (raw.IsDefaultOrEmpty)
        {
            return kind switch
            {
                Generators.Model.ValueKind.Boolean => new HashSet<string> { "false", "true" },
                Generators.Model.ValueKind.Enum => new HashSet<string>(ValueConverter.EnumMembers((INamedTypeSymbol)parent.Type)),
                _ => null,
            };
        }

        var result = new HashSet<string>();
        foreach (var value in raw)
        {
            if (ValueConverter.TryConvert(value, kind, parent.Type, out var converted))
            {
                result.Add(converted.Canonical);
            }
        }

        return result;
    }

    /// <summary>The canonical texts of the parent values that activate the parameter.</summary>
    private static HashSet<string>? AllowedValues(AttributeData attribute, IPropertySymbol parent)
    {
        if (ValueConverter.KindOf(parent.Type) is not { } kind)
        {
            return null;
        }

        if (attribute.ConstructorArguments.Length < 2)
        {
            return new HashSet<string> { "true" };
        }

        var result = new HashSet<string>();
        foreach (var value in attribute.ConstructorArguments[1].Values)
        {
            if (ValueConverter.TryConvert(value, kind, parent.Type, out var converted))
            {
                result.Add(converted.Canonical);
            }
        }

        return result;
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

    /// <summary>
    /// Decides whether a read is dominated by a check of its condition. Each condition expression is mapped to the
    /// set of parent values for which it is true and the set for which it is false (the whole domain when it says
    /// nothing about the parent); a branch guards the read when its set lies inside the activating values.
    /// </summary>
    private sealed class Guard(IPropertySymbol property, IPropertySymbol parent, HashSet<string> domain, HashSet<string> allowed, ISymbol? receiver, SemanticModel model)
    {
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
                    case IfStatementSyntax s when s.Statement == node && Guarded(WhenTrue(s.Condition)):
                    case ElseClauseSyntax { Parent: IfStatementSyntax e } when Guarded(WhenFalse(e.Condition)):
                    case ConditionalExpressionSyntax c when c.WhenTrue == node && Guarded(WhenTrue(c.Condition)):
                    case ConditionalExpressionSyntax f when f.WhenFalse == node && Guarded(WhenFalse(f.Condition)):
                    case BinaryExpressionSyntax a when a.IsKind(SyntaxKind.LogicalAndExpression) && a.Right == node && Guarded(WhenTrue(a.Left)):
                    case BinaryExpressionSyntax o when o.IsKind(SyntaxKind.LogicalOrExpression) && o.Right == node && Guarded(WhenFalse(o.Left)):
                    case BlockSyntax block when EarlierExit(block, node):
                        return true;
                    case MemberDeclarationSyntax or LocalFunctionStatementSyntax:
                        return false;
                }
            }

            return false;
        }

        private bool Guarded(HashSet<string> possible) => possible.IsSubsetOf(allowed);

        /// <summary>The parent values possible when <paramref name="condition"/> is true.</summary>
        private HashSet<string> WhenTrue(ExpressionSyntax condition) => Sets(condition).True;

        /// <summary>The parent values possible when <paramref name="condition"/> is false.</summary>
        private HashSet<string> WhenFalse(ExpressionSyntax condition) => Sets(condition).False;

        private (HashSet<string> True, HashSet<string> False) Sets(ExpressionSyntax condition)
        {
            condition = Unwrap(condition);
            switch (condition)
            {
                case PrefixUnaryExpressionSyntax negation when negation.IsKind(SyntaxKind.LogicalNotExpression):
                    var inner = Sets(negation.Operand);
                    return (inner.False, inner.True);
                case BinaryExpressionSyntax both when both.IsKind(SyntaxKind.LogicalAndExpression):
                    var (lt, lf) = Sets(both.Left);
                    var (rt, rf) = Sets(both.Right);
                    return (Intersect(lt, rt), Union(lf, rf));
                case BinaryExpressionSyntax either when either.IsKind(SyntaxKind.LogicalOrExpression):
                    var (ot, of) = Sets(either.Left);
                    var (pt, pf) = Sets(either.Right);
                    return (Union(ot, pt), Intersect(of, pf));
                case InvocationExpressionSyntax call when IsActiveCall(call):
                    return (new HashSet<string>(allowed), new HashSet<string>(domain));
                case BinaryExpressionSyntax eq when eq.IsKind(SyntaxKind.EqualsExpression) || eq.IsKind(SyntaxKind.NotEqualsExpression):
                    var value = IsParent(eq.Left) ? Canonical(eq.Right) : IsParent(eq.Right) ? Canonical(eq.Left) : null;
                    if (value is null)
                    {
                        break;
                    }

                    var equal = new HashSet<string> { value };
                    return eq.IsKind(SyntaxKind.EqualsExpression) ? (equal, Except(domain, equal)) : (Except(domain, equal), equal);
                case IsPatternExpressionSyntax pattern when IsParent(pattern.Expression) && PatternSet(pattern.Pattern) is { } matched:
                    return (matched, Except(domain, matched));
                default:
                    if (IsParent(condition))
                    {
                        var isTrue = new HashSet<string> { "true" };
                        return (isTrue, Except(domain, isTrue));
                    }

                    break;
            }

            return (new HashSet<string>(domain), new HashSet<string>(domain)); // says nothing about the parent
        }

        private HashSet<string>? PatternSet(PatternSyntax pattern) => pattern switch
        {
            ConstantPatternSyntax c => Canonical(c.Expression) is { } v ? new HashSet<string> { v } : null,
            BinaryPatternSyntax b when b.IsKind(SyntaxKind.OrPattern) => PatternSet(b.Left) is { } l && PatternSet(b.Right) is { } r ? Union(l, r) : null,
            UnaryPatternSyntax { RawKind: (int)SyntaxKind.NotPattern } n => PatternSet(n.Pattern) is { } inner ? Except(domain, inner) : null,
            ParenthesizedPatternSyntax p => PatternSet(p.Pattern),
            _ => null,
        };

        /// <summary>An earlier statement in <paramref name="block"/>: <c>if (…) return/throw/continue/break;</c> after which the parameter is active.</summary>
        private bool EarlierExit(BlockSyntax block, SyntaxNode current)
        {
            foreach (var statement in block.Statements)
            {
                if (statement == current)
                {
                    return false;
                }

                if (statement is IfStatementSyntax { Else: null } s && ExitsAlways(s.Statement) && Guarded(WhenFalse(s.Condition)))
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

        private static HashSet<string> Union(HashSet<string> a, HashSet<string> b) => new(a.Concat(b));

        private static HashSet<string> Intersect(HashSet<string> a, HashSet<string> b) => new(a.Where(b.Contains));

        private static HashSet<string> Except(HashSet<string> a, HashSet<string> b) => new(a.Where(v => !b.Contains(v)));

        private static ExpressionSyntax Unwrap(ExpressionSyntax expression) =>
            expression is ParenthesizedExpressionSyntax p ? Unwrap(p.Expression) : expression;
    }
}
