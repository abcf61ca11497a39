using V = StochasticMutatorTuner.Analyzers.Tests.Verify<StochasticMutatorTuner.Analyzers.UnguardedReadAnalyzer>;

namespace StochasticMutatorTuner.Analyzers.Tests;

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

    [Fact]
    public Task SMT0018_reading_a_nested_parameter_without_a_guard() => V.Analyzer(Config + """
        public static class Use
        {
            public static double A(C c) => {|#0:c.Rate|};
            public static double B(C c) => c.Optimizer == Opt.Adam ? {|#1:c.Momentum|} : 0;
            public static double D(C c, C other) => other.Dropout ? {|#2:c.Rate|} : 0;
            public static double E(C c, bool x) => x || c.Dropout ? {|#3:c.Rate|} : 0;
        }
        """,
        V.Diagnostic("SMT0018").WithLocation(0).WithArguments("Rate", "Dropout", "Dropout is true"),
        V.Diagnostic("SMT0018").WithLocation(1).WithArguments("Momentum", "Optimizer", "Optimizer is AdamW or Sgd"),
        V.Diagnostic("SMT0018").WithLocation(2).WithArguments("Rate", "Dropout", "Dropout is true"),
        V.Diagnostic("SMT0018").WithLocation(3).WithArguments("Rate", "Dropout", "Dropout is true"));

    [Fact]
    public Task Guarded_reads_are_fine() => V.Analyzer(Config + """
        public static class Use
        {
            public static double If(C c) { if (c.Dropout) { return c.Rate; } return 0; }
            public static double IfAnd(C c, bool x) { if (x && c.Dropout) return c.Rate; return 0; }
            public static double Ternary(C c) => c.Dropout ? c.Rate : 0;
            public static bool And(C c) => c.Dropout && c.Rate > 0.1;
            public static double EarlyExit(C c) { if (!c.Dropout) return 0; return c.Rate * 2; }
            public static double Else(C c) { if (!c.Dropout) { return 0; } else { return c.Rate; } }
            public static double Equal(C c) => c.Optimizer == Opt.Sgd ? c.Momentum : 0;
            public static double Pattern(C c) => c.Optimizer is Opt.Sgd or Opt.AdamW ? c.Momentum : 0;
            public static double IsActive(C c) => c.IsActive("Rate") ? c.Rate : 0;
            public static double NotEqualExit(C c) { if (c.Optimizer != Opt.Sgd) throw new System.Exception(); return c.Momentum; }
            public static void Write(C c) { c.Rate = 0.2; var d = new C { Rate = 0.1 }; }
            public static double ElseOfOther(C c) => c.Optimizer == Opt.Adam ? 0 : c.Momentum; // not Adam: Sgd or AdamW
            public static double NotPattern(C c) => c.Optimizer is not Opt.Adam ? c.Momentum : 0;
            public static double OrExit(C c, bool skip) { if (skip || !c.Dropout) return 0; return c.Rate; }
            public static bool Or(C c) => !c.Dropout || c.Rate > 0.1;
        }
        """);
}
