using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StochasticMutatorTuner.Generators.Model;

namespace StochasticMutatorTuner.Generators.Tests;

public class IncrementalityTests
{
    private const string Config = """
        using StochasticMutatorTuner;
        namespace App;
        public partial class Config
        {
            [Param(1, 2, 3, Ordered = true)] public int Layers { get; set; }
            [Param(8, 16), PerLayer(nameof(Layers))] public int[] Units { get; set; } = [];
            [Param] public bool Dropout { get; set; }
            [Param(0.1, 0.2), ActiveWhen(nameof(Dropout))] public double Rate { get; set; }
        }
        """;

    private const string OtherConfig = """
        using StochasticMutatorTuner;
        namespace App;
        public partial class OtherConfig { [Param(1, 2)] public int Size { get; set; } }
        """;

    private static readonly string[] Steps = { TrackingNames.ParamProperties, TrackingNames.ConfigTypes, TrackingNames.ConfigModels };

    [Fact]
    public void An_unrelated_edit_leaves_every_step_cached_or_unchanged()
    {
        var compilation = GeneratorHarness.Compilation(Config, "namespace App; public class Other { public int A => 1; }");
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);

        // Edit the unrelated file only.
        var otherTree = compilation.SyntaxTrees.Last();
        var edited = compilation.ReplaceSyntaxTree(otherTree, CSharpSyntaxTree.ParseText("namespace App; public class Other { public int A => 2; public int B => 3; }", GeneratorHarness.ParseOptions, path: otherTree.FilePath));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in Steps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), $"step {step} should be tracked");
            foreach (var run in result.TrackedSteps[step])
            {
                Assert.All(run.Outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {o.Reason}"));
            }
        }

        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void Editing_the_config_regenerates_it()
    {
        var compilation = GeneratorHarness.Compilation(Config);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(Config.Replace("(1, 2, 3,", "(1, 2, 3, 4,"), GeneratorHarness.ParseOptions, path: tree.FilePath));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();
        Assert.Contains(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("Units[3]", result.GeneratedSources.Single().SourceText.ToString());
    }

    [Fact]
    public void Each_property_is_read_in_its_own_step_and_grouped_by_its_type()
    {
        var driver = GeneratorHarness.Driver().RunGenerators(GeneratorHarness.Compilation(Config, OtherConfig));
        var result = driver.GetRunResult().Results.Single();

        // One output per [Param] property, each holding that one property (not its whole type).
        var reads = result.TrackedSteps[TrackingNames.ParamProperties].SelectMany(r => r.Outputs).Select(o => (Pipeline.PropertyRead)o.Value).ToList();
        Assert.Equal(new[] { "Layers", "Units", "Dropout", "Rate", "Size" }, reads.Select(r => r.Declaration!.Property));
        Assert.Equal(new[] { "Config", "Config", "Config", "Config", "OtherConfig" }, reads.Select(r => r.Type.Name));

        // Then one group, one model and one file per type.
        var groups = result.TrackedSteps[TrackingNames.ConfigTypes].SelectMany(r => r.Outputs).Select(o => (Pipeline.TypeGroup)o.Value).ToList();
        Assert.Equal(new[] { 4, 1 }, groups.Select(g => g.Declarations.Count));
        Assert.Equal(new[] { "App.Config.g.cs", "App.OtherConfig.g.cs" }, result.GeneratedSources.Select(s => s.HintName));
    }

    [Fact]
    public void Editing_one_config_type_leaves_the_other_types_model_and_file_cached()
    {
        var compilation = GeneratorHarness.Compilation(Config, OtherConfig);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.First();
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(Config.Replace("(0.1, 0.2)", "(0.1, 0.2, 0.3)"), GeneratorHarness.ParseOptions, path: tree.FilePath));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var models = result.TrackedSteps[TrackingNames.ConfigModels].SelectMany(r => r.Outputs).ToList();
        Assert.Contains(models, o => ((ConfigModel)o.Value).Type.Name == "Config" && o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(models, o => ((ConfigModel)o.Value).Type.Name == "OtherConfig" && o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
        var outputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs).ToList();
        Assert.Equal(1, outputs.Count(o => o.Reason == IncrementalStepRunReason.Modified));
        Assert.Equal(1, outputs.Count(o => o.Reason == IncrementalStepRunReason.Cached));
    }

    [Fact]
    public void No_symbol_syntax_node_or_compilation_is_held_in_a_step_output()
    {
        var driver = GeneratorHarness.Driver().RunGenerators(GeneratorHarness.Compilation(Config));
        var result = driver.GetRunResult().Results.Single();
        foreach (var step in Steps)
        {
            foreach (var output in result.TrackedSteps[step].SelectMany(r => r.Outputs))
            {
                AssertNoRoslynObjects(output.Value, step, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
    }

    private static void AssertNoRoslynObjects(object? value, string step, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel or Location or SyntaxTree,
            $"step {step} holds a {value.GetType().Name}, which breaks incrementality");
        if (value is IEnumerable items)
        {
            foreach (var item in items)
            {
                AssertNoRoslynObjects(item, step, seen);
            }
        }

        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertNoRoslynObjects(field.GetValue(value), step, seen);
        }
    }
}
