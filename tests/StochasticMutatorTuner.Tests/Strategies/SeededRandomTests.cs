using StochasticMutatorTuner.Strategies;

namespace StochasticMutatorTuner.Tests.Strategies;

/// <summary>
/// A search's random source must give exactly the numbers of <c>new Random(seed)</c> (the proposals, the search
/// quality measured with them and every stored study's reproducibility depend on it), through every member a
/// strategy may call, in any order.
/// </summary>
public class SeededRandomTests
{
    public static TheoryData<int> Seeds => new() { 0, 1, 7, 42, 123_456_789, int.MaxValue, -5, int.MinValue };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_member_gives_the_numbers_of_the_seeded_Random_in_any_order(int seed)
    {
        var expected = new Random(seed);
        var actual = new SeededRandom(seed);
        var order = new Random(seed ^ 0x5bd1e995); // which member to call next
        for (int call = 0; call < 200_000; call++)
        {
            int member = order.Next(14);
            int size = order.Next(1, 40);
            switch (member)
            {
                case 0:
                    Assert.Equal(expected.Next(), actual.Next());
                    break;
                case 1:
                    int max = order.Next(0, 2) == 0 ? order.Next(0, 20) : order.Next();
                    Assert.Equal(expected.Next(max), actual.Next(max));
                    break;
                case 2:
                    int low = order.Next(-1000, 1000);
                    int high = low + order.Next(0, 5000);
                    Assert.Equal(expected.Next(low, high), actual.Next(low, high));
                    break;
                case 3:
                    Assert.Equal(expected.Next(int.MinValue, int.MaxValue), actual.Next(int.MinValue, int.MaxValue)); // the wide-range path: two numbers
                    break;
                case 4:
                    Assert.Equal(expected.NextDouble(), actual.NextDouble());
                    break;
                case 5:
                    Assert.Equal(expected.NextSingle(), actual.NextSingle());
                    break;
                case 6:
                    Assert.Equal(expected.NextInt64(), actual.NextInt64());
                    break;
                case 7:
                    long bound = order.Next(1, int.MaxValue) * 3L;
                    Assert.Equal(expected.NextInt64(bound), actual.NextInt64(bound));
                    break;
                case 8:
                    Assert.Equal(expected.NextInt64(-7, 1L << 40), actual.NextInt64(-7, 1L << 40));
                    break;
                case 9:
                    var a = new byte[size];
                    var b = new byte[size];
                    expected.NextBytes(a);
                    actual.NextBytes(b);
                    Assert.Equal(a, b);
                    break;
                case 10:
                    var sa = new byte[size];
                    var sb = new byte[size];
                    expected.NextBytes(sa.AsSpan());
                    actual.NextBytes(sb.AsSpan());
                    Assert.Equal(sa, sb);
                    break;
                case 11:
                    int[] x = Enumerable.Range(0, size).ToArray();
                    int[] y = Enumerable.Range(0, size).ToArray();
                    expected.Shuffle(x);
                    actual.Shuffle(y);
                    Assert.Equal(x, y);
                    break;
                case 12:
                    string[] choices = { "a", "b", "c", "d", "e" };
                    Assert.Equal(expected.GetItems(choices, size), actual.GetItems(choices, size));
                    break;
                default:
                    Assert.Equal(SeededRandom.Draw(expected, size), SeededRandom.Draw(actual, size));
                    Assert.Equal(SeededRandom.DrawFraction(expected), SeededRandom.DrawFraction(actual));
                    break;
            }
        }
    }

    [Fact]
    public void Bad_arguments_are_refused_as_the_seeded_Random_refuses_them()
    {
        var random = new SeededRandom(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => random.Next(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => random.Next(5, 4));
        Assert.Throws<ArgumentNullException>(() => random.NextBytes(null!));
        Assert.Equal(new Random(1).Next(), random.Next()); // nothing was drawn by the refused calls
    }
}
