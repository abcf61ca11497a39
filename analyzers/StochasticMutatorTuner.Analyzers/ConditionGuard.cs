using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StochasticMutatorTuner.Generators.Model;
using StochasticMutatorTuner.Generators.Shared;

namespace StochasticMutatorTuner.Analyzers;

/// <summary>
/// Decides whether a read of a conditional parameter is dominated by a check of its condition (SMT0018). Each
/// condition expression is mapped to the set of parent values for which it is true and the set for which it is
/// false (the whole domain when it says nothing about the parent); a branch guards the read when its set lies
/// inside the activating values.
/// </summary>
/// <remarks>
/// Recognised, in the same method and on the same config instance: an enclosing <c>if</c> (also <c>a &amp;&amp; cond</c>),
/// its <c>else</c>, either branch of <c>?:</c>, the right operand of <c>&amp;&amp;</c> and <c>||</c>, an earlier
/// <c>if (…) return/throw/continue/break;</c> in an enclosing block, a <c>switch</c> section or switch-expression
/// arm on the parent (earlier cases and arms taken out, <c>default</c> and <c>_</c> being the rest), and
/// <c>config.IsActive("Name")</c>. A condition is the bool parent itself, <c>parent == value</c>,
/// <c>parent != value</c>, or <c>parent is</c> a pattern of constants with <c>or</c>/<c>not</c>.
/// </remarks>
internal sealed class ConditionGuard(ParamModel parameter, IPropertySymbol parent, ValueKind parentKind, HashSet<string> domain, HashSet<string> allowed, ISymbol? receiver, SemanticModel model)
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
                case SwitchSectionSyntax section when node is StatementSyntax && section.Parent is SwitchStatementSyntax sw && Guarded(Reaching(sw, section)):
                case SwitchExpressionArmSyntax arm when node != arm.Pattern && arm.Parent is SwitchExpressionSyntax se && Guarded(Reaching(se, arm)):
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

    /// <summary>The parent values a pattern matches, or null when it cannot be told.</summary>
    private HashSet<string>? PatternSet(PatternSyntax pattern) => pattern switch
    {
        ConstantPatternSyntax c => Canonical(c.Expression) is { } v ? new HashSet<string> { v } : null,
        DiscardPatternSyntax or VarPatternSyntax => new HashSet<string>(domain),
        BinaryPatternSyntax b when b.IsKind(SyntaxKind.OrPattern) => PatternSet(b.Left) is { } l && PatternSet(b.Right) is { } r ? Union(l, r) : null,
        UnaryPatternSyntax { RawKind: (int)SyntaxKind.NotPattern } n => PatternSet(n.Pattern) is { } inner ? Except(domain, inner) : null,
        ParenthesizedPatternSyntax p => PatternSet(p.Pattern),
        _ => null,
    };

    /// <summary>The parent values that can reach <paramref name="section"/> of a switch statement on the parent.</summary>
    private HashSet<string> Reaching(SwitchStatementSyntax switchStatement, SwitchSectionSyntax section)
    {
        if (!IsParent(switchStatement.Expression))
        {
            return new HashSet<string>(domain);
        }

        // A section is reached by its own labels' values, less those an earlier section always takes; `default`
        // is reached by what no other section takes, wherever it is written.
        var taken = new HashSet<string>();
        var others = new HashSet<string>();
        foreach (var other in switchStatement.Sections.Where(s => s != section))
        {
            if (AlwaysTakes(other) is { } set)
            {
                others.UnionWith(set);
                if (other.SpanStart < section.SpanStart)
                {
                    taken.UnionWith(set);
                }
            }
        }

        var reaching = new HashSet<string>();
        foreach (var label in section.Labels)
        {
            reaching.UnionWith(label is DefaultSwitchLabelSyntax ? Except(domain, others) : Except(LabelSet(label) ?? domain, taken));
        }

        return reaching;
    }

    /// <summary>The values a section always takes (null for <c>default</c>, a <c>when</c> clause, or a label that cannot be told).</summary>
    private HashSet<string>? AlwaysTakes(SwitchSectionSyntax section)
    {
        var result = new HashSet<string>();
        foreach (var label in section.Labels)
        {
            if (label is DefaultSwitchLabelSyntax || label is CasePatternSwitchLabelSyntax { WhenClause: not null } || LabelSet(label) is not { } set)
            {
                return null;
            }

            result.UnionWith(set);
        }

        return result;
    }

    private HashSet<string>? LabelSet(SwitchLabelSyntax label) => label switch
    {
        CaseSwitchLabelSyntax c => Canonical(c.Value) is { } v ? new HashSet<string> { v } : null,
        CasePatternSwitchLabelSyntax p => PatternSet(p.Pattern),
        _ => null,
    };

    /// <summary>The parent values that can reach <paramref name="arm"/> of a switch expression on the parent.</summary>
    private HashSet<string> Reaching(SwitchExpressionSyntax switchExpression, SwitchExpressionArmSyntax arm)
    {
        if (!IsParent(switchExpression.GoverningExpression))
        {
            return new HashSet<string>(domain);
        }

        var reaching = PatternSet(arm.Pattern) ?? new HashSet<string>(domain);
        foreach (var earlier in switchExpression.Arms.TakeWhile(a => a != arm))
        {
            if (earlier.WhenClause is null && PatternSet(earlier.Pattern) is { } taken)
            {
                reaching.ExceptWith(taken);
            }
        }

        return reaching;
    }

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
        && (name == parameter.Property || name == parameter.Name);

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

    /// <summary>The canonical text of a constant as a value of the parent, through the same converter the space uses.</summary>
    private string? Canonical(ExpressionSyntax value)
    {
        var constant = model.GetConstantValue(value);
        if (!constant.HasValue || constant.Value is null)
        {
            return null;
        }

        var type = model.GetTypeInfo(value).Type;
        return ValueConverter.TryConvert(constant.Value, type?.TypeKind == TypeKind.Enum ? type : null, parentKind, parent.Type, out var converted)
            ? converted.Canonical
            : null;
    }

    private static HashSet<string> Union(HashSet<string> a, HashSet<string> b) => new(a.Concat(b));

    private static HashSet<string> Intersect(HashSet<string> a, HashSet<string> b) => new(a.Where(b.Contains));

    private static HashSet<string> Except(HashSet<string> a, HashSet<string> b) => new(a.Where(v => !b.Contains(v)));

    private static ExpressionSyntax Unwrap(ExpressionSyntax expression) =>
        expression is ParenthesizedExpressionSyntax p ? Unwrap(p.Expression) : expression;
}
