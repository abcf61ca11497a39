using V = StochasticMutatorTuner.Analyzers.Tests.Verify<StochasticMutatorTuner.Analyzers.SearchSpaceAnalyzer>;

namespace StochasticMutatorTuner.Analyzers.Tests;

/// <summary>For each diagnostic: the smallest code that triggers it, and near-identical valid code that does not.</summary>
public class SearchSpaceAnalyzerTests
{
    private const string Usings = "using System.Collections.Generic;\nusing StochasticMutatorTuner;\npublic enum Opt { Sgd, Adam }\n";

    [Fact]
    public Task SMT0001_a_type_that_is_not_partial() => V.Analyzer(Usings + """
        public class {|#0:C|} { [Param(1, 2)] public int X { get; set; } }
        """, V.Diagnostic("SMT0001").WithLocation(0).WithArguments("C"));

    [Fact]
    public Task SMT0001_a_containing_type_that_is_not_partial() => V.Analyzer(Usings + """
        public class {|#0:Outer|} { public partial class C { [Param(1, 2)] public int X { get; set; } } }
        """, V.Diagnostic("SMT0001").WithLocation(0).WithArguments("Outer"));

    [Fact]
    public Task A_valid_space_with_every_feature_has_no_diagnostic() => V.Analyzer(Usings + """
        public partial class Outer
        {
            public partial class C
            {
                [Param(32, 64, Ordered = true)] public int BatchSize { get; set; }
                [Param(1, 2, 3, Ordered = true)] public int Layers { get; set; }
                [Param(50, 100), PerLayer(nameof(Layers))] public int[] Units { get; set; } = new int[0];
                [Param] public bool Dropout { get; set; }
                [Param(0.1, 0.2, Ordered = true), ActiveWhen(nameof(Dropout))] public double Rate { get; set; }
                [Param] public Opt Optimizer { get; set; }
                [Param(0.0, 0.9), ActiveWhen(nameof(Optimizer), Opt.Sgd)] public double Momentum { get; set; }
                [Param(1e-3, 1)] public float LearningRate { get; set; }
                [Param(1, 2)] public decimal Decay { get; set; }
                [Param("a", "b", Name = "kind")] public string Kind { get; init; } = "a";
            }
        }
        public partial record R { [Param(1, 2)] public required long Size { get; init; } }
        """);

    [Fact]
    public Task SMT0002_a_struct_or_positional_record() => V.Analyzer(Usings + """
        public partial struct {|#0:S|} { [Param(1, 2)] public int X { get; set; } }
        public partial record {|#1:R|}(int A) { [Param(1, 2)] public int X { get; set; } }
        """,
        V.Diagnostic("SMT0002").WithLocation(0).WithArguments("S", "only classes and record classes can be config types"),
        V.Diagnostic("SMT0002").WithLocation(1).WithArguments("R", "it needs a parameterless constructor (positional records are not supported)"));

    [Fact]
    public Task SMT0003_a_read_only_or_static_property() => V.Analyzer(Usings + """
        public partial class C
        {
            [Param(1, 2)] public int {|#0:X|} { get; }
            [Param(1, 2)] public static int {|#1:Y|} { get; set; }
            [Param(1, 2)] public int Z { get; private set; }
        }
        """,
        V.Diagnostic("SMT0003").WithLocation(0).WithArguments("X", "it has no setter or init accessor"),
        V.Diagnostic("SMT0003").WithLocation(1).WithArguments("Y", "it is static"));

    [Fact]
    public Task SMT0004_an_unsupported_type_or_a_list_without_PerLayer() => V.Analyzer(Usings + """
        public partial class C
        {
            [Param(1, 2)] public System.DateTime {|#0:X|} { get; set; }
            [Param(1, 2)] public int[] {|#1:Y|} { get; set; } = new int[0];
            [Param(1, 2)] public int? {|#2:Z|} { get; set; }
        }
        """,
        V.Diagnostic("SMT0004").WithLocation(0).WithArguments("X", "System.DateTime"),
        V.Diagnostic("SMT0004").WithLocation(1).WithArguments("Y", "int[] (an array or list parameter needs [PerLayer])"),
        V.Diagnostic("SMT0004").WithLocation(2).WithArguments("Z", "int?"));

    [Fact]
    public Task SMT0005_no_values_for_a_type_that_needs_them() => V.Analyzer(Usings + """
        public partial class C
        {
            [{|#0:Param|}] public int X { get; set; }
            [Param] public bool Fine { get; set; }
            [Param] public Opt AlsoFine { get; set; }
        }
        """, V.Diagnostic("SMT0005").WithLocation(0).WithArguments("X"));

    [Fact]
    public Task SMT0006_a_duplicate_value() => V.Analyzer(Usings + """
        public partial class C
        {
            [Param(1, 2, {|#0:2|})] public int X { get; set; }
            [Param(1.0, {|#1:1|})] public double Y { get; set; }
            [Param(1, 2, 3)] public int Fine { get; set; }
        }
        """,
        V.Diagnostic("SMT0006").WithLocation(0).WithArguments("X", "2"),
        V.Diagnostic("SMT0006").WithLocation(1).WithArguments("Y", "1"));

    [Fact]
    public Task SMT0007_a_value_that_does_not_fit_the_type() => V.Analyzer(Usings + """
        public partial class C
        {
            [Param(1, {|#0:1.5|})] public int X { get; set; }
            [Param({|#1:"relu"|})] public double Y { get; set; }
            [Param({|#2:1|})] public Opt Z { get; set; }
            [Param(1, 2.5)] public double Fine { get; set; }
        }
        """,
        V.Diagnostic("SMT0007").WithLocation(0).WithArguments("X", "1.5", "int"),
        V.Diagnostic("SMT0007").WithLocation(1).WithArguments("Y", "\"relu\"", "double"),
        V.Diagnostic("SMT0007").WithLocation(2).WithArguments("Z", "1", "Opt"));

    [Fact]
    public Task SMT0008_null_among_the_values() => V.Analyzer(Usings + """
        public partial class C { [Param("a", {|#0:null|})] public string X { get; set; } = "a"; }
        """, V.Diagnostic("SMT0008").WithLocation(0).WithArguments("X"));

    [Fact]
    public Task SMT0009_ordered_with_a_single_value() => V.Analyzer(Usings + """
        public partial class C
        {
            [{|#0:Param(1, Ordered = true)|}] public int X { get; set; }
            [Param(1, 2, Ordered = true)] public int Fine { get; set; }
        }
        """, V.Diagnostic("SMT0009").WithLocation(0).WithArguments("X"));

    [Fact]
    public Task SMT0010_a_condition_naming_no_member_a_non_param_or_itself() => V.Analyzer(Usings + """
        public partial class C
        {
            [Param] public bool Dropout { get; set; }
            public bool Plain { get; set; }
            [Param(0.1, 0.2), ActiveWhen({|#0:"Dropot"|})] public double A { get; set; }
            [Param(0.1, 0.2), ActiveWhen({|#1:"Plain"|})] public double B { get; set; }
            [Param(true, false), ActiveWhen({|#2:"Self"|})] public bool Self { get; set; }
            [Param(0.1, 0.2), ActiveWhen(nameof(Dropout))] public double Fine { get; set; }
        }
        """,
        V.Diagnostic("SMT0010").WithLocation(0).WithArguments("A", "Dropot", "no such member", "Dropout"),
        V.Diagnostic("SMT0010").WithLocation(1).WithArguments("B", "Plain", "it is not a [Param] property", ""),
        V.Diagnostic("SMT0010").WithLocation(2).WithArguments("Self", "Self", "it is the property itself", ""));

    [Fact]
    public Task SMT0011_conditions_that_form_a_cycle() => V.Analyzer(Usings + """
        public partial class C
        {
            [Param, ActiveWhen("B")] public bool {|#0:A|} { get; set; }
            [Param, ActiveWhen("A")] public bool {|#1:B|} { get; set; }
        }
        """,
        V.Diagnostic("SMT0011").WithLocation(0).WithArguments("A", "A -> B -> A"),
        V.Diagnostic("SMT0011").WithLocation(1).WithArguments("B", "B -> A -> B"));

    [Fact]
    public Task SMT0012_a_condition_value_that_is_not_a_choice_of_the_parent() => V.Analyzer(Usings + """
        public partial class C
        {
            [Param("sgd", "adam")] public string Optimizer { get; set; } = "sgd";
            [Param(0.0, 0.9), ActiveWhen(nameof(Optimizer), {|#0:"lbfgs"|})] public double Momentum { get; set; }
            [Param(0.0, 0.9), ActiveWhen(nameof(Optimizer), "sgd")] public double Fine { get; set; }
        }
        """, V.Diagnostic("SMT0012").WithLocation(0).WithArguments("Momentum", "\"lbfgs\"", "Optimizer"));

    [Fact]
    public Task SMT0013_a_condition_value_of_the_wrong_type() => V.Analyzer(Usings + """
        public partial class C
        {
            [Param] public Opt Optimizer { get; set; }
            [Param(1, 2)] public int Size { get; set; }
            [Param(0.0, 0.9), ActiveWhen(nameof(Optimizer), {|#0:"adam"|})] public double Momentum { get; set; }
            [Param(0.0, 0.9), {|#1:ActiveWhen(nameof(Size))|}] public double NeedsValues { get; set; }
        }
        """,
        V.Diagnostic("SMT0013").WithLocation(0).WithArguments("Momentum", "\"adam\"", "Optimizer", "Opt"),
        V.Diagnostic("SMT0013").WithLocation(1).WithArguments("NeedsValues", "(none)", "Size", "int: name the values that activate it"));

    [Fact]
    public Task SMT0014_a_layer_count_that_is_not_an_integer_param() => V.Analyzer(Usings + """
        public partial class C
        {
            [Param("a", "b")] public string Name { get; set; } = "a";
            public int Plain { get; set; }
            [Param(1, 2), PerLayer({|#0:nameof(Name)|})] public int[] A { get; set; } = new int[0];
            [Param(1, 2), PerLayer({|#1:nameof(Plain)|})] public int[] B { get; set; } = new int[0];
        }
        """,
        V.Diagnostic("SMT0014").WithLocation(0).WithArguments("A", "Name", "it is not an integer parameter"),
        V.Diagnostic("SMT0014").WithLocation(1).WithArguments("B", "Plain", "it is not a [Param] property of this type"));

    [Fact]
    public Task SMT0015_a_layer_count_with_negative_values() => V.Analyzer(Usings + """
        public partial class C
        {
            [Param(-1, 0, 2)] public int Layers { get; set; }
            [Param(1, 2), PerLayer({|#0:nameof(Layers)|})] public List<int> Units { get; set; } = new();
        }
        """, V.Diagnostic("SMT0015").WithLocation(0).WithArguments("Units", "Layers", "-1"));

    [Fact]
    public Task SMT0016_misplaced_attributes() => V.Analyzer(Usings + """
        public partial class C
        {
            [Param] public bool Gate { get; set; }
            [Param(1, 2)] public int Layers { get; set; }
            [{|#0:ActiveWhen(nameof(Gate))|}] public int NoParam { get; set; }
            [Param(1, 2), {|#1:PerLayer(nameof(Layers))|}] public int NotAList { get; set; }
            [Param(1, 2), ActiveWhen(nameof(Gate)), {|#2:PerLayer(nameof(Layers))|}] public int[] Both { get; set; } = new int[0];
        }
        """,
        V.Diagnostic("SMT0016").WithLocation(0).WithArguments("NoParam", "[ActiveWhen] needs [Param] on the same property"),
        V.Diagnostic("SMT0016").WithLocation(1).WithArguments("NotAList", "[PerLayer] needs an array or list property, not int"),
        V.Diagnostic("SMT0016").WithLocation(2).WithArguments("Both", "[ActiveWhen] and [PerLayer] cannot be combined; put the condition on the count parameter"));

    [Fact]
    public Task SMT0017_two_parameters_with_one_name() => V.Analyzer(Usings + """
        public partial class C
        {
            [Param(1, 2, Name = "x")] public int A { get; set; }
            [Param(1, 2, Name = "x")] public int {|#0:B|} { get; set; }
        }
        """, V.Diagnostic("SMT0017").WithLocation(0).WithArguments("B", "x"));

    [Fact]
    public Task SMT0021_ordered_on_a_bool() => V.Analyzer(Usings + """
        public partial class C
        {
            [{|#0:Param(Ordered = true)|}] public bool Flag { get; set; }
            [{|#1:Param(true, false, Ordered = true)|}] public bool Other { get; set; }
            [Param] public bool Fine { get; set; }
            [Param(1, 2, Ordered = true)] public int AlsoFine { get; set; }
        }
        """,
        V.Diagnostic("SMT0021").WithLocation(0).WithArguments("Flag"),
        V.Diagnostic("SMT0021").WithLocation(1).WithArguments("Other"));
}
