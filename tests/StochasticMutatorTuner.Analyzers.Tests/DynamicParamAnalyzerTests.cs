using V = StochasticMutatorTuner.Analyzers.Tests.Verify<StochasticMutatorTuner.Analyzers.DynamicParamAnalyzer>;

namespace StochasticMutatorTuner.Analyzers.Tests;

public class DynamicParamAnalyzerTests
{
    [Fact]
    public Task SMT0019_and_SMT0020_conflicting_and_empty_literal_declarations() => V.Analyzer("""
        using StochasticMutatorTuner.Dynamic;
        public static class Build
        {
            public static int A(HyperParameters hp) => hp.Param("units", new[] { 50, 100 }, ordered: true);
            public static int B(HyperParameters hp) => {|#0:hp.Param("units", new[] { 50, 100, 200 }, ordered: true)|};
            public static int C(HyperParameters hp) => hp.Param("empty", {|#1:new int[0]|});
        }
        """,
        V.Diagnostic("SMT0019").WithLocation(0).WithArguments("units", "[50, 100, 200] (ordered)", "[50, 100] (ordered)"),
        V.Diagnostic("SMT0020").WithLocation(1).WithArguments("empty"));

    [Fact]
    public Task The_same_declaration_twice_and_computed_values_are_fine() => V.Analyzer("""
        using StochasticMutatorTuner.Dynamic;
        public static class Build
        {
            public static int A(HyperParameters hp) => hp.Param("units", new[] { 50, 100 }, ordered: true);
            public static int B(HyperParameters hp) => hp.Param("units", new[] { 50, 100 }, ordered: true);
            public static int C(HyperParameters hp, int[] computed) => hp.Param("x", computed);
            public static int D(HyperParameters hp, int i) => hp.Param("layer_" + i, new[] { 1, 2 });
        }
        """);
}
