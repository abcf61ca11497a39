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

    [Fact]
    public Task SMT0019_and_SMT0020_see_collection_expressions() => V.Analyzer("""
        using StochasticMutatorTuner.Dynamic;
        public static class Build
        {
            public static int A(HyperParameters hp) => hp.Param("units", [50, 100]);
            public static int B(HyperParameters hp) => {|#0:hp.Param("units", [50, 100, 200])|};
            public static int C(HyperParameters hp) => hp.Param("units", new[] { 50, 100 });
            public static int D(HyperParameters hp) => hp.Param<int>("empty", {|#1:[]|});
            public static string E(HyperParameters hp) => hp.Param("act", ["relu", "tanh"]);
            public static string F(HyperParameters hp) => {|#2:hp.Param("act", ["relu"])|};
        }
        """,
        V.Diagnostic("SMT0019").WithLocation(0).WithArguments("units", "[50, 100, 200]", "[50, 100]"),
        V.Diagnostic("SMT0020").WithLocation(1).WithArguments("empty"),
        V.Diagnostic("SMT0019").WithLocation(2).WithArguments("act", "[\"relu\"]", "[\"relu\", \"tanh\"]"));

    [Fact]
    public Task A_collection_expression_with_a_spread_or_computed_element_is_not_checked() => V.Analyzer("""
        using StochasticMutatorTuner.Dynamic;
        public static class Build
        {
            public static int A(HyperParameters hp) => hp.Param("units", [50, 100]);
            public static int B(HyperParameters hp, int[] more) => hp.Param("units", [50, .. more]);
            public static int C(HyperParameters hp, int x) => hp.Param("units", [50, x]);
        }
        """);
}
