namespace StochasticMutatorTuner.Generators.Tests;

/// <summary>
/// The generated source of representative classes, compared with checked-in files. To accept a change on purpose,
/// run the tests with SMT_ACCEPT_BASELINES=1 (which writes the files and fails, as Verify does, so a run that accepts
/// is never green), review the diff, and run again without it.
/// </summary>
public class BaselineTests
{
    public static TheoryData<string> Cases => new() { "MlpConfig", "NestedRecordConfig", "GlobalNamespaceConfig", "InvalidConfig" };

    private static readonly Dictionary<string, string> Sources = new()
    {
        ["MlpConfig"] = """
            using StochasticMutatorTuner;
            namespace Demo.Models;
            public enum Optimizer { Sgd, Adam }
            public partial class MlpConfig
            {
                [Param(32, 64, 128, 256, Ordered = true)] public int BatchSize { get; set; }
                [Param(1, 2, 3, 4, Ordered = true)] public int Layers { get; set; }
                [Param(50, 100, 200, Ordered = true), PerLayer(nameof(Layers))] public int[] Units { get; set; } = [];
                [Param("tanh", "selu", "relu", "elu")] public string Activation { get; set; } = "relu";
                [Param] public bool Dropout { get; set; }
                [Param(0.1, 0.2, 0.3, 0.4, 0.5, Ordered = true), ActiveWhen(nameof(Dropout))] public double DropoutRate { get; set; }
                [Param] public Optimizer Optimizer { get; set; }
                [Param(0.0, 0.9), ActiveWhen(nameof(Optimizer), Optimizer.Sgd)] public double Momentum { get; set; }
                [Param(1e-3, 1e-2, 1e-5)] public float LearningRate { get; set; }
                [Param(0.1, 0.25)] public decimal Decay { get; set; }
                [Param(1, 10L)] public long Seed { get; set; }
            }
            """,
        ["NestedRecordConfig"] = """
            using System.Collections.Generic;
            using StochasticMutatorTuner;
            namespace Demo;
            public static partial class Outer
            {
                public partial record NestedRecordConfig
                {
                    [Param(1, 2, Ordered = true)] public required int Depth { get; init; }
                    [Param("a", "b"), PerLayer(nameof(Depth))] public List<string> Kinds { get; init; } = new();
                }
            }
            """,
        ["GlobalNamespaceConfig"] = """
            using StochasticMutatorTuner;
            public partial class GlobalNamespaceConfig
            {
                [Param(true)] public bool Flag { get; set; }
                public override string ToString() => "custom";
            }
            """,
        ["InvalidConfig"] = """
            using StochasticMutatorTuner;
            namespace Demo;
            public partial class InvalidConfig
            {
                [Param(32, 64, 64)] public int BatchSize { get; set; }
                [Param(0.1), ActiveWhen("Dropot")] public double Rate { get; set; }
            }
            """,
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generated_source_matches_its_baseline(string name)
    {
        var (_, generated, diagnostics) = GeneratorHarness.Run(Sources[name]);
        Assert.Empty(diagnostics.Where(d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning));
        var file = Assert.Single(generated);
        string actual = file.Value.Replace("\r\n", "\n");

        string checkedIn = Path.Combine(ProjectFolder(), "Baselines", name + ".g.cs.txt");
        string? expected = File.Exists(checkedIn) ? File.ReadAllText(checkedIn).Replace("\r\n", "\n") : null;
        if (Environment.GetEnvironmentVariable("SMT_ACCEPT_BASELINES") == "1")
        {
            if (expected != actual)
            {
                File.WriteAllText(checkedIn, actual);
            }

            Assert.Fail(expected == actual
                ? $"SMT_ACCEPT_BASELINES=1: {checkedIn} already matches. Run again without SMT_ACCEPT_BASELINES."
                : $"SMT_ACCEPT_BASELINES=1: wrote {checkedIn}. Review the diff, then run again without SMT_ACCEPT_BASELINES.");
        }

        Assert.True(expected is not null, $"No baseline {checkedIn}; run with SMT_ACCEPT_BASELINES=1 to create it.");
        Assert.Equal(expected, actual);
    }

    private static string ProjectFolder([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
