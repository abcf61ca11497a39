namespace StochasticMutatorTuner.Tests.Space;

/// <summary>Config JSON: typed values out, and every way a JSON text can be wrong named in one clear message.</summary>
public partial class ConfigJsonTests
{
    public enum Kind
    {
        Small,
        Large,
    }

    public partial class AllKinds
    {
        [Param(16, 32, 64, Ordered = true)] public int Size { get; set; }
        [Param(1L, 2L)] public long Seed { get; set; }
        [Param(1e-3, 1e-2)] public float Rate { get; set; }
        [Param(0.5, 0.25)] public double Decay { get; set; }
        [Param(0.1, 0.2)] public decimal Scale { get; set; }
        [Param("relu", "tanh")] public string Activation { get; set; } = "relu";
        [Param] public bool Flag { get; set; }
        [Param] public Kind Kind { get; set; }
        [Param(1, 2), PerLayer(nameof(Seed))] public int[] Units { get; set; } = [];
    }

    private static AllKinds Sample() => new()
    {
        Size = 32, Seed = 1, Rate = 1e-3f, Decay = 0.25, Scale = 0.1m, Activation = "tanh", Flag = true, Kind = Kind.Large, Units = [2],
    };

    private const string SampleJson = """{"Size":32,"Seed":1,"Rate":0.001,"Decay":0.25,"Scale":0.1,"Activation":"tanh","Flag":true,"Kind":"Large","Units[0]":2}""";

    [Fact]
    public void To_json_writes_numbers_as_numbers_bools_as_bools_and_enums_by_name()
    {
        Assert.Equal(SampleJson, Sample().ToJson());
    }

    [Fact]
    public void From_json_reads_what_to_json_wrote_for_every_config_of_the_space()
    {
        foreach (var genome in AllKinds.SearchSpace.EnumerateDistinct())
        {
            var config = AllKinds.FromGenome(genome);
            Assert.Equal(config.GetConfigKey(), AllKinds.FromJson(config.ToJson()).GetConfigKey());
        }
    }

    [Fact]
    public void A_whole_number_written_with_a_fraction_is_an_int()
    {
        Assert.Equal(32, AllKinds.FromJson(SampleJson.Replace("\"Size\":32", "\"Size\":32.0", StringComparison.Ordinal)).Size);
    }

    public static TheoryData<string, string, string> Errors => new()
    {
        { "\"Size\":32", "\"Size\":1.5", "Parameter 'Size' must be a whole JSON number (int), but the config JSON has the number 1.5." },
        { "\"Size\":32", "\"Size\":\"32\"", "Parameter 'Size' must be a whole JSON number (int), but the config JSON has the string \"32\"." },
        { "\"Size\":32", "\"Size\":33", "Parameter 'Size' is 33 in the config JSON, which is not one of its choices [16, 32, 64]." },
        { "\"Size\":32", "\"Size\":32,\"Size\":64", "The config JSON gives parameter 'Size' more than once." },
        { "\"Size\":32", "\"Sise\":32", "The config JSON has 'Sise', which is not a parameter of this space; its parameters are Size, Seed, Rate, Decay, Scale, Activation, Flag, Kind, Units[0], Units[1]." },
        { "\"Size\":32,", "", "The config JSON has no value for the active parameter 'Size'." },
        { "\"Decay\":0.25", "\"Decay\":null", "Parameter 'Decay' must be a JSON number (double), but the config JSON has null." },
        { "\"Scale\":0.1", "\"Scale\":true", "Parameter 'Scale' must be a JSON number (decimal), but the config JSON has true." },
        { "\"Activation\":\"tanh\"", "\"Activation\":1", "Parameter 'Activation' must be a JSON string, but the config JSON has the number 1." },
        { "\"Flag\":true", "\"Flag\":\"true\"", "Parameter 'Flag' must be true or false, but the config JSON has the string \"true\"." },
        { "\"Kind\":\"Large\"", "\"Kind\":\"Huge\"", "Parameter 'Kind' is Huge in the config JSON, which is not one of its choices [Small, Large]." },
        { "\"Kind\":\"Large\"", "\"Kind\":[1]", "Parameter 'Kind' must be a JSON string naming a member of Kind, but the config JSON has an array." },
        { "\"Seed\":1", "\"Seed\":1e30", "Parameter 'Seed' must be a whole JSON number (long), but the config JSON has the number 1e30." },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void From_json_names_the_parameter_and_what_it_expected(string replace, string with, string message)
    {
        var json = SampleJson.Replace(replace, with, StringComparison.Ordinal);
        Assert.NotEqual(SampleJson, json);
        Assert.Equal(message, Assert.Throws<FormatException>(() => AllKinds.FromJson(json)).Message);
    }

    [Theory]
    [InlineData("[1, 2]", "A config must be a JSON object, not an array.")]
    [InlineData("\"text\"", "A config must be a JSON object, not the string \"text\".")]
    public void From_json_wants_an_object(string json, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => AllKinds.FromJson(json)).Message);

    [Fact]
    public void From_json_says_when_the_text_is_not_json()
    {
        var error = Assert.Throws<FormatException>(() => AllKinds.FromJson("{\"Size\":"));
        Assert.StartsWith("The config is not valid JSON: ", error.Message);
    }
}
