using StochasticMutatorTuner.Build.Tasks.Elf;

namespace StochasticMutatorTuner.Build.Tasks.Tests;

public class MarkerVersionPatcherTests
{
    [Fact]
    public void The_real_library_requires_the_marker_version_strongly_and_only_for_the_marker()
    {
        var elf = ElfFile.Parse(RealLibrary.ReadBytes());

        var requirement = Assert.Single(SymbolVersioning.ReadRequirements(elf), r => r.Name == MarkerVersionPatcher.MarkerVersion);
        Assert.Equal("libstdc++.so.6", requirement.File);
        Assert.False(requirement.IsWeak);
        Assert.Equal(new[] { MarkerVersionPatcher.MarkerSymbol }, SymbolVersioning.SymbolsUsingVersion(elf, requirement.VersionIndex));
    }

    [Fact]
    public void Patching_changes_exactly_the_flag_bytes_of_that_one_requirement()
    {
        var original = RealLibrary.ReadBytes();
        var before = SymbolVersioning.ReadRequirements(ElfFile.Parse(original));

        var (patched, result) = MarkerVersionPatcher.Patch(original);

        Assert.Equal(MarkerPatchOutcome.Patched, result.Outcome);
        Assert.Equal(original.Length, patched.Length);
        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToArray();
        int flags = result.Requirement!.Value.FlagsOffset;
        Assert.Subset(new HashSet<int> { flags, flags + 1 }, changed.ToHashSet());
        Assert.NotEmpty(changed);

        var after = SymbolVersioning.ReadRequirements(ElfFile.Parse(patched));
        Assert.Equal(before.Count, after.Count);
        for (int i = 0; i < before.Count; i++)
        {
            bool isMarker = before[i].Name == MarkerVersionPatcher.MarkerVersion;
            Assert.Equal(isMarker ? (ushort)(before[i].Flags | VersionRequirement.WeakFlag) : before[i].Flags, after[i].Flags);
            Assert.Equal(before[i] with { Flags = after[i].Flags }, after[i]);
        }
    }

    [Fact]
    public void The_input_array_is_never_modified()
    {
        var original = RealLibrary.ReadBytes();
        var copy = (byte[])original.Clone();

        MarkerVersionPatcher.Patch(original);

        Assert.Equal(copy, original);
    }

    [Fact]
    public void A_second_run_is_a_no_op()
    {
        var (once, _) = MarkerVersionPatcher.Patch(RealLibrary.ReadBytes());

        var (twice, result) = MarkerVersionPatcher.Patch(once);

        Assert.Equal(MarkerPatchOutcome.AlreadyWeak, result.Outcome);
        Assert.Same(once, twice);
    }

    [Fact]
    public void A_file_whose_requirement_is_needed_by_a_real_symbol_is_refused_and_left_unchanged()
    {
        var original = RealLibrary.ReadBytes();
        var tampered = BindAnotherSymbolToMarkerVersion(original, out string victim);

        var (bytes, result) = MarkerVersionPatcher.Patch(tampered);

        Assert.Equal(MarkerPatchOutcome.NeededByRealSymbols, result.Outcome);
        Assert.Contains(victim, result.BlockingSymbols);
        Assert.Same(tampered, bytes);
    }

    [Fact]
    public void A_library_without_the_requirement_is_left_alone()
    {
        var libc = new[] { "/usr/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib64/libc.so.6" }.First(File.Exists);
        var bytes = File.ReadAllBytes(libc);

        var (result, outcome) = MarkerVersionPatcher.Patch(bytes);

        Assert.Equal(MarkerPatchOutcome.NotRequired, outcome.Outcome);
        Assert.Same(bytes, result);
    }

    [Fact]
    public void Non_elf_input_is_rejected_with_a_clear_error()
    {
        var error = Assert.Throws<FormatException>(() => MarkerVersionPatcher.Patch("not a library"u8.ToArray()));
        Assert.Contains("not an ELF file", error.Message);
    }

    [Fact]
    public void Truncated_input_is_rejected_not_misread()
    {
        var truncated = RealLibrary.ReadBytes()[..4096];
        Assert.Throws<FormatException>(() => MarkerVersionPatcher.Patch(truncated));
    }

    /// <summary>Re-points the .gnu.version entry of some other undefined libstdc++ symbol at the marker's version.</summary>
    private static byte[] BindAnotherSymbolToMarkerVersion(byte[] original, out string victim)
    {
        var copy = (byte[])original.Clone();
        var elf = ElfFile.Parse(copy);
        var marker = SymbolVersioning.ReadRequirements(elf).Single(r => r.Name == MarkerVersionPatcher.MarkerVersion);
        var otherCxx = SymbolVersioning.ReadRequirements(elf).First(r => r.File == "libstdc++.so.6" && r.Name != marker.Name);
        victim = SymbolVersioning.SymbolsUsingVersion(elf, otherCxx.VersionIndex).First();

        var dynsym = elf.FindSection(ElfFile.ShtDynSym)!.Value;
        var versym = elf.FindSection(ElfFile.ShtGnuVerSym)!.Value;
        for (int i = 0; i < dynsym.Size / dynsym.EntrySize; i++)
        {
            if (elf.ReadString(dynsym.Link, elf.U32(dynsym.Offset + i * dynsym.EntrySize)) == victim)
            {
                copy[versym.Offset + i * 2] = (byte)marker.VersionIndex;
                copy[versym.Offset + i * 2 + 1] = (byte)(marker.VersionIndex >> 8);
                return copy;
            }
        }

        throw new InvalidOperationException("victim symbol not found");
    }
}
