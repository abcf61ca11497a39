using V = StochasticMutatorTuner.Analyzers.Tests.Verify<StochasticMutatorTuner.Analyzers.UnguardedReadAnalyzer>;

namespace StochasticMutatorTuner.Analyzers.Tests;

/// <summary>SMT0018, one case per row: a method that reads a conditional parameter, and whether that read is guarded.</summary>
public class UnguardedReadAnalyzerTests
{
    private const string Config = """
        using StochasticMutatorTuner;
        public enum Opt { Sgd, Adam, AdamW }
        public partial class C
        {
            [Param] public bool Dropout { get; set; }
            [Param(0.1, 0.2), ActiveWhen(nameof(Dropout))] public double Rate { get; set; }
            [Param] public Opt Optimizer { get; set; }
            [Param(0.0, 0.9), ActiveWhen(nameof(Optimizer), Opt.Sgd, Opt.AdamW)] public double Momentum { get; set; }
            public bool IsActive(string name) => true;
        }

        """;

    private const string RateWhen = "Dropout is true";
    private const string MomentumWhen = "Optimizer is AdamW or Sgd";

    /// <summary>A method whose marked read must warn, the property read, and the condition the message names.</summary>
    public static TheoryData<string, string, string> Unguarded => new()
    {
        { "static double A(C c) => {|#0:c.Rate|};", "Rate", RateWhen },
        { "static double B(C c) => c.Optimizer == Opt.Adam ? {|#0:c.Momentum|} : 0;", "Momentum", MomentumWhen },
        { "static double D(C c, C other) => other.Dropout ? {|#0:c.Rate|} : 0;", "Rate", RateWhen },
        { "static double E(C c, bool x) => x || c.Dropout ? {|#0:c.Rate|} : 0;", "Rate", RateWhen },
        { "static double S(C c) { switch (c.Optimizer) { case Opt.Adam: return {|#0:c.Momentum|}; default: return 0; } }", "Momentum", MomentumWhen },
        { "static double S(C c) { switch (c.Optimizer) { case Opt.Sgd: return 0; default: return {|#0:c.Momentum|}; } }", "Momentum", MomentumWhen },
        { "static double S(C c, C other) { switch (other.Optimizer) { case Opt.Sgd: return {|#0:c.Momentum|}; default: return 0; } }", "Momentum", MomentumWhen },
        { "static double S(C c, bool x) { switch (c.Optimizer) { case Opt.Sgd when x: return 0; default: return {|#0:c.Momentum|}; } }", "Momentum", MomentumWhen },
        { "static double X(C c) => c.Optimizer switch { Opt.Adam => {|#0:c.Momentum|}, _ => 0 };", "Momentum", MomentumWhen },
        { "static double X(C c) => c.Optimizer switch { Opt.Sgd => 0, _ => {|#0:c.Momentum|} };", "Momentum", MomentumWhen },
        { "static double X(C c) => c.Dropout switch { false => {|#0:c.Rate|}, true => 0 };", "Rate", RateWhen },
    };

    /// <summary>A method whose reads are all guarded.</summary>
    public static TheoryData<string> Guarded => new()
    {
        "static double If(C c) { if (c.Dropout) { return c.Rate; } return 0; }",
        "static double IfAnd(C c, bool x) { if (x && c.Dropout) return c.Rate; return 0; }",
        "static double Ternary(C c) => c.Dropout ? c.Rate : 0;",
        "static bool And(C c) => c.Dropout && c.Rate > 0.1;",
        "static double EarlyExit(C c) { if (!c.Dropout) return 0; return c.Rate * 2; }",
        "static double Else(C c) { if (!c.Dropout) { return 0; } else { return c.Rate; } }",
        "static double Equal(C c) => c.Optimizer == Opt.Sgd ? c.Momentum : 0;",
        "static double Pattern(C c) => c.Optimizer is Opt.Sgd or Opt.AdamW ? c.Momentum : 0;",
        "static double IsActive(C c) => c.IsActive(\"Rate\") ? c.Rate : 0;",
        "static double NotEqualExit(C c) { if (c.Optimizer != Opt.Sgd) throw new System.Exception(); return c.Momentum; }",
        "static void Write(C c) { c.Rate = 0.2; var d = new C { Rate = 0.1 }; }",
        "static double ElseOfOther(C c) => c.Optimizer == Opt.Adam ? 0 : c.Momentum;", // not Adam: Sgd or AdamW
        "static double NotPattern(C c) => c.Optimizer is not Opt.Adam ? c.Momentum : 0;",
        "static double OrExit(C c, bool skip) { if (skip || !c.Dropout) return 0; return c.Rate; }",
        "static bool Or(C c) => !c.Dropout || c.Rate > 0.1;",
        "static double Case(C c) { switch (c.Optimizer) { case Opt.Sgd: case Opt.AdamW: return c.Momentum; default: return 0; } }",
        "static double CaseBlock(C c) { switch (c.Optimizer) { case Opt.Sgd: { var m = c.Momentum; return m; } } return 0; }",
        "static double Default(C c) { switch (c.Optimizer) { case Opt.Adam: return 0; default: return c.Momentum; } }",
        "static double CasePattern(C c) { switch (c.Optimizer) { case Opt.Sgd or Opt.AdamW: return c.Momentum; } return 0; }",
        "static double CaseBool(C c) { switch (c.Dropout) { case true: return c.Rate; } return 0; }",
        "static double Arm(C c) => c.Optimizer switch { Opt.Sgd or Opt.AdamW => c.Momentum, _ => 0 };",
        "static double Discard(C c) => c.Optimizer switch { Opt.Adam => 0, _ => c.Momentum };",
        "static double BoolArm(C c) => c.Dropout switch { true => c.Rate, false => 0 };",
    };

    [Theory]
    [MemberData(nameof(Unguarded))]
    public Task SMT0018_a_read_that_its_condition_does_not_guard_warns(string method, string property, string when) =>
        V.Analyzer(Use(method), V.Diagnostic("SMT0018").WithLocation(0).WithArguments(property, property == "Rate" ? "Dropout" : "Optimizer", when));

    [Theory]
    [MemberData(nameof(Guarded))]
    public Task A_guarded_read_is_fine(string method) => V.Analyzer(Use(method));

    [Fact]
    public Task A_read_whose_condition_has_an_error_is_left_to_the_space_analyzer() => V.Analyzer("""
        using StochasticMutatorTuner;
        public partial class Broken
        {
            [Param(1, 2)] public int Size { get; set; }
            [Param(0.1, 0.2), ActiveWhen(nameof(Size), 3)] public double Rate { get; set; }
            [Param] public bool Dropout { get; set; }
            [Param(0.1, 0.2), ActiveWhen(nameof(Dropout))] public double Fine { get; set; }
            [Param(1, 1)] public int Duplicated { get; set; }
        }
        public static class Use
        {
            public static double A(Broken b) => b.Rate;
            public static double B(Broken b) => {|#0:b.Fine|}; // another property's error does not hide this one
        }
        """,
        V.Diagnostic("SMT0018").WithLocation(0).WithArguments("Fine", "Dropout", "Dropout is true"));

    [Fact]
    public Task Reads_of_a_config_type_from_a_referenced_assembly_are_checked() => V.Analyzer(
        "public static class Use { public static double A(Lib.C c) => {|#0:c.Rate|}; public static double B(Lib.C c) => c.Dropout ? c.Rate : 0; }",
        new[] { TestReferences.Library("""
            using StochasticMutatorTuner;
            namespace Lib;
            public partial class C
            {
                [Param] public bool Dropout { get; set; }
                [Param(0.1, 0.2), ActiveWhen(nameof(Dropout))] public double Rate { get; set; }
            }
            """) },
        V.Diagnostic("SMT0018").WithLocation(0).WithArguments("Rate", "Dropout", "Dropout is true"));

    private static string Use(string method) => Config + "public static class Use { public " + method + " }";
}
