using StochasticMutatorTuner.Space;
using StochasticMutatorTuner.Studies;

namespace StochasticMutatorTuner.Tests.Storage;

public class KeyNumberTableTests
{
    [Fact]
    public void It_finds_every_key_with_its_latest_number_and_no_other_key()
    {
        var table = new KeyNumberTable();
        var random = new Random(3);
        var numbers = new Dictionary<ulong, int>();
        Assert.False(table.Contains(new ConfigKey(0)));
        for (int n = 0; n < 50_000; n++)
        {
            ulong key = n % 1000 == 999 ? numbers.Keys.First() : ((ulong)random.NextInt64() << 1) | 1; // odd; now and then a key again
            table.Set(new ConfigKey(key), n);
            numbers[key] = n;
        }

        table.Set(new ConfigKey(0), 7);
        foreach (var (key, number) in numbers)
        {
            Assert.True(table.TryGetNumber(new ConfigKey(key), out int found));
            Assert.Equal(number, found);
        }

        Assert.True(table.TryGetNumber(new ConfigKey(0), out int zero));
        Assert.Equal(7, zero);
        for (int i = 0; i < 50_000; i++)
        {
            Assert.False(table.Contains(new ConfigKey((ulong)random.NextInt64() << 1 | 2))); // even, not 0: never added
        }
    }

    [Fact]
    public async Task A_reader_without_a_lock_sees_a_key_with_its_number_or_not_at_all_while_the_table_grows()
    {
        // The study writes under its lock and proposals read without one: every key the reader finds must carry
        // the number written with it, and a key once seen stays visible through every growth of the table.
        var table = new KeyNumberTable();
        const int count = 200_000;
        static ulong KeyOf(int n) => (ulong)n * 0x9E3779B97F4A7C15UL | 1;
        int written = 0;
        var writer = Task.Run(() =>
        {
            for (int n = 0; n < count; n++)
            {
                table.Set(new ConfigKey(KeyOf(n)), n);
                Volatile.Write(ref written, n + 1);
            }
        });

        var random = new Random(1);
        int checks = 0;
        while (!writer.IsCompleted || checks < 1000)
        {
            int known = Volatile.Read(ref written);
            if (known == 0)
            {
                continue;
            }

            int n = random.Next(known);
            Assert.True(table.TryGetNumber(new ConfigKey(KeyOf(n)), out int number));
            Assert.Equal(n, number);
            if (table.TryGetNumber(new ConfigKey(KeyOf(Math.Min(known + 1, count - 1))), out int ahead))
            {
                Assert.Equal(Math.Min(known + 1, count - 1), ahead); // written meanwhile: with its own number
            }

            checks++;
        }

        await writer;
        Assert.All(Enumerable.Range(0, count), n => Assert.True(table.Contains(new ConfigKey(KeyOf(n)))));
    }
}
