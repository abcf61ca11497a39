using System.Globalization;
using System.Reflection;
using CsCheck;

namespace StochasticMutatorTuner.Generators.Tests;

/// <summary>Compiles user code with the generator, loads it, and exercises the generated members.</summary>
public class BehaviourTests
{
    private const string Source = """
        using System.Collections.Generic;
        using StochasticMutatorTuner;
        namespace App;
        public enum Optimizer { Sgd, Adam, AdamW }
        public partial class Config
        {
            [Param(16, 32, 64, Ordered = true)] public int BatchSize { get; set; }
            [Param(1, 2, 3, Ordered = true)] public int Layers { get; set; }
            [Param(8, 16, 32, Ordered = true), PerLayer(nameof(Layers))] public int[] Units { get; set; } = [];
            [Param] public bool Dropout { get; set; }
            [Param(0.1, 0.2, 0.3, Ordered = true), ActiveWhen(nameof(Dropout))] public double Rate { get; set; }
            [Param] public Optimizer Optimizer { get; set; }
            [Param(0.0, 0.5, 0.9), ActiveWhen(nameof(Optimizer), Optimizer.Sgd)] public double Momentum { get; set; }
            [Param(1e-3, 1e-2)] public float LearningRate { get; set; }
            public string NotAParameter { get; set; } = "kept";
        }
        """;

    private static readonly Lazy<Type> ConfigType = new(() => GeneratorHarness.CompileAndLoad(Source).GetType("App.Config")!);

    private static object Call(string name, params object?[] args) =>
        ConfigType.Value.GetMethod(name, BindingFlags.Public | BindingFlags.Static)!.Invoke(null, args)!;

    private static object CallOn(object target, string name, params object?[] args) =>
        target.GetType().GetMethod(name, BindingFlags.Public | BindingFlags.Instance, args.Select(a => a!.GetType()).ToArray())!.Invoke(target, args)!;

    private static StochasticMutatorTuner.Space.SearchSpace Space =>
        (StochasticMutatorTuner.Space.SearchSpace)ConfigType.Value.GetProperty("SearchSpace")!.GetValue(null)!;

    [Fact]
    public void The_space_has_one_parameter_per_property_and_per_layer_with_the_declared_structure()
    {
        var space = Space;
        Assert.Equal(new[] { "BatchSize", "Layers", "Units[0]", "Units[1]", "Units[2]", "Dropout", "Rate", "Optimizer", "Momentum", "LearningRate" }, space.Parameters.Select(p => p.Name));
        Assert.True(space["BatchSize"].Ordered);
        Assert.False(space["Dropout"].Ordered);
        Assert.Equal(new object[] { false, true }, space["Dropout"].Values);
        Assert.Equal(3, space["Optimizer"].Values.Count);
        Assert.Equal(new[] { 1 }, space["Rate"].Condition!.AllowedIndices);
        Assert.Equal(new[] { 0 }, space["Momentum"].Condition!.AllowedIndices);
        Assert.Equal(new[] { 1, 2 }, space["Units[1]"].Condition!.AllowedIndices); // Layers 2 or 3
        Assert.Equal(0.001f, space["LearningRate"].Values[0]);
    }

    [Fact]
    public void Decode_of_encode_is_the_identity_for_random_configs()
    {
        var space = Space;
        Gen.Int.Sample(seed =>
        {
            var config = Call("Sample", new Random(seed));
            var genome = (int[])CallOn(config, "ToGenome");
            var again = Decode(genome);
            Assert.Equal(config.ToString(), again.ToString());
            Assert.Equal(space.KeyOf(genome), space.KeyOf((int[])CallOn(again, "ToGenome")));
            Assert.Equal(config.ToString(), Call("FromJson", (string)CallOn(config, "ToJson")).ToString());
        }, iter: 300);
    }

    [Fact]
    public void Per_layer_lists_are_as_long_as_the_layer_count()
    {
        Gen.Int.Sample(seed =>
        {
            dynamic config = Call("Sample", new Random(seed));
            Assert.Equal((int)config.Layers, ((int[])config.Units).Length);
        }, iter: 100);
    }

    [Fact]
    public void Configs_differing_only_in_inactive_values_share_a_key()
    {
        dynamic a = Activator.CreateInstance(ConfigType.Value)!;
        a.BatchSize = 32; a.Layers = 1; a.Units = new[] { 8 }; a.Dropout = false; a.Rate = 0.3; a.LearningRate = 0.01f;
        SetOptimizer(a, "Adam"); a.Momentum = 0.9;
        dynamic b = CallOn(a, "Clone");
        b.Rate = 0.1;      // inactive: Dropout is false
        b.Momentum = 0.0;  // inactive: not SGD
        Assert.Equal(CallOn(a, "GetConfigKey"), CallOn(b, "GetConfigKey"));
        b.Dropout = true;
        Assert.NotEqual(CallOn(a, "GetConfigKey"), CallOn(b, "GetConfigKey"));
        Assert.False((bool)CallOn(a, "IsActive", "Rate"));
        Assert.True((bool)CallOn(b, "IsActive", "Rate"));
        Assert.Equal("kept", (string)b.NotAParameter);
    }

    [Fact]
    public void Mutating_an_ordered_property_moves_one_step()
    {
        dynamic config = Activator.CreateInstance(ConfigType.Value)!;
        config.BatchSize = 32; config.Layers = 2; config.Units = new[] { 8, 32 }; config.LearningRate = 0.001f;
        var random = new Random(3);
        for (int i = 0; i < 50; i++)
        {
            dynamic mutated = CallOn(config, "Mutate", "BatchSize", random);
            Assert.Contains((int)mutated.BatchSize, new[] { 16, 64 });
            dynamic layer = CallOn(config, "Mutate", "Units[1]", random);
            Assert.Equal(16, ((int[])layer.Units)[1]); // 32 is the last value: it moves inward
        }
    }

    [Fact]
    public void A_value_that_is_not_a_choice_fails_with_a_message_naming_the_parameter()
    {
        dynamic config = Activator.CreateInstance(ConfigType.Value)!;
        config.BatchSize = 33; config.Layers = 1; config.Units = new[] { 8 }; config.LearningRate = 0.001f;
        var error = Assert.Throws<TargetInvocationException>(() => CallOn(config, "ToGenome"));
        Assert.Contains("'BatchSize'", error.InnerException!.Message);
        Assert.Contains("invalid", config.ToString());

        config.BatchSize = 16; config.Layers = 3; // Units has 1 element but 3 are active
        error = Assert.Throws<TargetInvocationException>(() => CallOn(config, "ToGenome"));
        Assert.Contains("'Units[1]'", error.InnerException!.Message);
    }

    [Fact]
    public void To_string_lists_the_active_parameters_only()
    {
        dynamic config = Activator.CreateInstance(ConfigType.Value)!;
        config.BatchSize = 16; config.Layers = 2; config.Units = new[] { 8, 16 }; config.Dropout = false; config.Rate = 0.2; config.LearningRate = 0.01f;
        SetOptimizer(config, "AdamW");
        Assert.Equal("Config { BatchSize = 16, Layers = 2, Units = [8, 16], Dropout = false, Optimizer = AdamW, LearningRate = 0.01 }", config.ToString());
    }

    [Fact]
    public void Literals_are_written_in_the_invariant_culture_whatever_the_current_one()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            var (_, generated, _) = GeneratorHarness.Run("""
                using StochasticMutatorTuner;
                public partial class C { [Param(1e-3, -2.5, 0.1)] public double X { get; set; } [Param(1e-3, 2.5)] public decimal Y { get; set; } }
                """);
            var text = Assert.Single(generated).Value;
            Assert.Contains("new double[] { 0.001D, -2.5D, 0.1D }", text);
            Assert.Contains("new decimal[] { 0.001M, 2.5M }", text);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void An_invalid_space_gets_placeholder_members_so_code_using_it_has_no_follow_on_errors()
    {
        // What users write around a config: the tuner's ITunable<T> constraint, instance and static members.
        var (output, generated, diagnostics) = GeneratorHarness.Run("""
            using StochasticMutatorTuner;
            public partial class Bad { [Param(1, 1)] public int X { get; set; } [Param(0.1), ActiveWhen("Missing")] public double Y { get; set; } }
            public class NotPartial { [Param(1, 2)] public int X { get; set; } }
            public partial class Good { [Param(1, 2)] public int X { get; set; } }
            public static class Use
            {
                public static string Json(Bad bad) => bad.ToJson() + Bad.FromJson("{}").Clone().GetConfigKey() + Bad.SearchSpace.Count;
                public static T Decode<T>(int[] genome) where T : ITunable<T> => T.FromGenome(genome);
                public static Bad Decoded() => Decode<Bad>(new int[0]).Mutate("X", new System.Random(1));
            }
            """);

        // A non-partial type cannot be extended at all; the invalid partial one gets placeholders; the generator
        // itself reports nothing (the analyzers do).
        Assert.Equal(new[] { "Bad.g.cs", "Good.g.cs" }, generated.Keys.Order());
        Assert.Contains("=> throw global::StochasticMutatorTuner.GeneratedCodeSupport.GeneratedCode.InvalidSpace(\"Bad\");", generated["Bad.g.cs"]);
        Assert.Empty(diagnostics);
        Assert.True(output.GetDiagnostics().IsEmpty);
    }

    [Theory]
    [InlineData("public partial struct S { [Param(1, 2)] public int X { get; set; } }", "S.g.cs")]
    [InlineData("public partial record struct S { [Param(1, 2)] public int X { get; set; } }", "S.g.cs")]
    [InlineData("public abstract partial class S { [Param(1, 2)] public int X { get; set; } }", "S.g.cs")]
    [InlineData("public partial record S(int A) { [Param(1, 2)] public int X { get; set; } }", "S.g.cs")]
    [InlineData("public partial class S { [Param(1, 2)] public int X { get; set; } public required int Y { get; set; } }", "S.g.cs")]
    [InlineData("public partial class S<T> { [Param(1, 2)] public int X { get; set; } }", null)]
    [InlineData("public partial class O<T> { public partial class S { [Param(1, 2)] public int X { get; set; } } }", null)]
    public void Every_type_shape_the_analyzers_reject_compiles_with_placeholders_or_gets_no_file(string declaration, string? file)
    {
        var (output, generated, _) = GeneratorHarness.Run("using StochasticMutatorTuner;\n" + declaration);
        Assert.Equal(file is null ? Array.Empty<string>() : new[] { file }, generated.Keys);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        Assert.All(generated.Values, text => Assert.Contains("GeneratedCode.InvalidSpace(\"S\")", text));
    }

    [Fact]
    public void A_placeholder_member_throws_an_error_that_names_the_type_and_the_fix()
    {
        var assembly = GeneratorHarness.CompileAndLoad("""
            using StochasticMutatorTuner;
            public partial class Bad { [Param(1, 1)] public int X { get; set; } }
            """);
        var bad = Activator.CreateInstance(assembly.GetType("Bad")!)!;
        var error = Assert.Throws<TargetInvocationException>(() => bad.GetType().GetMethod("ToJson")!.Invoke(bad, null));
        var inner = Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Equal("Bad has no valid search space: its [Param] declarations have errors (the SMT diagnostics of the build), so its generated members are placeholders. Fix those errors and rebuild.", inner.Message);
    }

    [Fact]
    public void A_space_with_only_warnings_gets_real_code()
    {
        // SMT0009 and SMT0021 are warnings: the space works, so the generated members must too.
        var assembly = GeneratorHarness.CompileAndLoad("""
            using StochasticMutatorTuner;
            public partial class Odd { [Param(Ordered = true)] public bool Flag { get; set; } [Param(3, Ordered = true)] public int Size { get; set; } }
            """);
        var space = (StochasticMutatorTuner.Space.SearchSpace)assembly.GetType("Odd")!.GetProperty("SearchSpace")!.GetValue(null)!;
        Assert.Equal(new[] { "Flag", "Size" }, space.Parameters.Select(p => p.Name));
    }

    [Fact]
    public void Records_init_only_and_required_properties_nested_types_and_the_global_namespace_compile_without_warnings()
    {
        var assembly = GeneratorHarness.CompileAndLoad("""
            using System.Collections.Generic;
            using StochasticMutatorTuner;
            public partial class Outer
            {
                public partial record Inner
                {
                    [Param(1, 2, 3, Ordered = true)] public required int Depth { get; init; }
                    [Param("a", "b"), PerLayer(nameof(Depth))] public IReadOnlyList<string> Kinds { get; init; } = [];
                    [Param] public bool Flag { get; init; }
                }
            }
            namespace A.B { public partial class InNamespace { [Param(1, 2)] public long X { get; set; } } }
            """);
        var inner = assembly.GetType("Outer+Inner")!;
        var sample = inner.GetMethod("Sample")!.Invoke(null, new object[] { new Random(1) })!;
        var json = (string)inner.GetMethod("ToJson")!.Invoke(sample, null)!;
        Assert.Equal(sample.ToString(), inner.GetMethod("FromJson")!.Invoke(null, new object[] { json })!.ToString());
        Assert.NotNull(assembly.GetType("A.B.InNamespace")!.GetProperty("SearchSpace"));
    }

    private static void SetOptimizer(object config, string member) =>
        ConfigType.Value.GetProperty("Optimizer")!.SetValue(config, Enum.Parse(ConfigType.Value.Assembly.GetType("App.Optimizer")!, member));

    /// <summary>FromGenome takes a span, which reflection cannot pass: call it through ITunable with a generic helper.</summary>
    private static object Decode(int[] genome) =>
        typeof(BehaviourTests).GetMethod(nameof(DecodeAs), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(ConfigType.Value).Invoke(null, new object[] { genome })!;

    private static T DecodeAs<T>(int[] genome)
        where T : ITunable<T> => T.FromGenome(genome);
}
