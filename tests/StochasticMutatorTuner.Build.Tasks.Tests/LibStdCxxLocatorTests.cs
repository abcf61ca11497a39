using System.Text;
using StochasticMutatorTuner.Build.Tasks.Elf;

namespace StochasticMutatorTuner.Build.Tasks.Tests;

public class LibStdCxxLocatorTests
{
    [Fact]
    public void Finds_the_system_libstdcxx_and_reads_its_versions_like_a_byte_search_does()
    {
        var path = LibStdCxxLocator.Find();
        Assert.NotNull(path);
        var bytes = File.ReadAllBytes(path);

        foreach (var version in new[] { "GLIBCXX_3.4", "GLIBCXX_3.4.30", "GLIBCXX_3.4.32", "GLIBCXX_9.9.99" })
        {
            bool present = IndexOf(bytes, Encoding.ASCII.GetBytes(version + "\0")) >= 0;
            Assert.Equal(present, LibStdCxxLocator.Defines(path, version));
        }

        Assert.True(LibStdCxxLocator.Defines(path, "GLIBCXX_3.4"));
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
