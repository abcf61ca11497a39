using StochasticMutatorTuner.Space;

namespace StochasticMutatorTuner.Tests.Support;

/// <summary>Small spaces used across tests.</summary>
internal static class Spaces
{
    /// <summary>Gate (bool) → Rate (3 ordered values, active when Gate); Kind (a, b, c) → Extra (2 values, active when Kind is b). 2·... distinct configs: (1 + 3) · (1 + 1 + 2) = 16.</summary>
    public static SearchSpace Conditional() => new(new[]
    {
        new ParameterSpec("Gate", new object[] { false, true }),
        new ParameterSpec("Rate", new object[] { 0.1, 0.2, 0.3 }, ordered: true, condition: new ParameterCondition("Gate", new[] { 1 })),
        new ParameterSpec("Kind", new object[] { "a", "b", "c" }),
        new ParameterSpec("Extra", new object[] { 1, 2 }, condition: new ParameterCondition("Kind", new[] { 1 })),
    });

    /// <summary>A chain: A (0..2) → B active when A is 1 or 2 → C active when B is 1.</summary>
    public static SearchSpace Chain() => new(new[]
    {
        new ParameterSpec("C", new object[] { "x", "y" }, condition: new ParameterCondition("B", new[] { 1 })),
        new ParameterSpec("A", new object[] { 0, 1, 2 }, ordered: true),
        new ParameterSpec("B", new object[] { 10, 20 }, condition: new ParameterCondition("A", new[] { 1, 2 })),
    });

    /// <summary><paramref name="count"/> unconditional unordered parameters with <paramref name="values"/> values each.</summary>
    public static SearchSpace Flat(int count, int values, bool ordered = false) =>
        new(Enumerable.Range(0, count).Select(i => new ParameterSpec($"p{i}", Enumerable.Range(0, values).Cast<object>().ToArray(), ordered)));
}
