using StochasticMutatorTuner.CodeFixes;
using V = StochasticMutatorTuner.Analyzers.Tests.Verify<StochasticMutatorTuner.Analyzers.SearchSpaceAnalyzer>;

namespace StochasticMutatorTuner.Analyzers.Tests;

public class CodeFixTests
{
    [Fact]
    public Task Make_partial_adds_the_modifier_after_the_others() => V.CodeFix<MakePartialCodeFix>(
        """
        using StochasticMutatorTuner;
        public sealed class {|#0:C|} { [Param(1, 2)] public int X { get; set; } }
        """,
        new[] { V.Diagnostic("SMT0001").WithLocation(0).WithArguments("C") },
        """
        using StochasticMutatorTuner;
        public sealed partial class C { [Param(1, 2)] public int X { get; set; } }
        """);

    [Fact]
    public Task Make_partial_works_without_other_modifiers() => V.CodeFix<MakePartialCodeFix>(
        """
        using StochasticMutatorTuner;
        class {|#0:C|} { [Param(1, 2)] public int X { get; set; } }
        """,
        new[] { V.Diagnostic("SMT0001").WithLocation(0).WithArguments("C") },
        """
        using StochasticMutatorTuner;
        partial class C { [Param(1, 2)] public int X { get; set; } }
        """);

    [Fact]
    public Task Remove_duplicate_value() => V.CodeFix<RemoveDuplicateValueCodeFix>(
        """
        using StochasticMutatorTuner;
        public partial class C { [Param(32, 64, {|#0:64|}, 128, Ordered = true)] public int X { get; set; } }
        """,
        new[] { V.Diagnostic("SMT0006").WithLocation(0).WithArguments("X", "64") },
        """
        using StochasticMutatorTuner;
        public partial class C { [Param(32, 64, 128, Ordered = true)] public int X { get; set; } }
        """);

    [Fact]
    public Task Replace_a_misspelled_condition_name_with_the_closest_property() => V.CodeFix<UseClosestNameCodeFix>(
        """
        using StochasticMutatorTuner;
        public partial class C
        {
            [Param] public bool Dropout { get; set; }
            [Param(0.1, 0.2), ActiveWhen({|#0:"Droput"|})] public double Rate { get; set; }
        }
        """,
        new[] { V.Diagnostic("SMT0010").WithLocation(0).WithArguments("Rate", "Droput", "no such member", "Dropout") },
        """
        using StochasticMutatorTuner;
        public partial class C
        {
            [Param] public bool Dropout { get; set; }
            [Param(0.1, 0.2), ActiveWhen(nameof(Dropout))] public double Rate { get; set; }
        }
        """);
}
