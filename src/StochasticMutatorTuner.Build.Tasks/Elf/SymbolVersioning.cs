using System;
using System.Collections.Generic;

namespace StochasticMutatorTuner.Build.Tasks.Elf;

/// <summary>A version a shared library requires from one of its dependencies (an <c>Elf64_Vernaux</c> entry).</summary>
/// <param name="File">The dependency's soname, e.g. <c>libstdc++.so.6</c>.</param>
/// <param name="Name">The version name, e.g. <c>GLIBCXX_3.4.32</c>.</param>
/// <param name="VersionIndex">The index symbols refer to in <c>.gnu.version</c> (<c>vna_other</c>).</param>
/// <param name="Flags">The <c>vna_flags</c> value; bit 0x2 is <c>VER_FLG_WEAK</c>.</param>
/// <param name="FlagsOffset">The file offset of the two <c>vna_flags</c> bytes.</param>
internal readonly record struct VersionRequirement(string File, string Name, ushort VersionIndex, ushort Flags, int FlagsOffset)
{
    /// <summary>The ELF flag that makes a missing version a warning for the loader instead of an error.</summary>
    public const ushort WeakFlag = 0x2;

    /// <summary>True when the loader tolerates the version being absent.</summary>
    public bool IsWeak => (Flags & WeakFlag) != 0;
}

/// <summary>Reads the GNU symbol-versioning sections of an <see cref="ElfFile"/>.</summary>
internal static class SymbolVersioning
{
    /// <summary>Every version requirement in <c>.gnu.version_r</c>.</summary>
    public static List<VersionRequirement> ReadRequirements(ElfFile elf)
    {
        var result = new List<VersionRequirement>();
        if (elf.FindSection(ElfFile.ShtGnuVerNeed) is not { } verneed)
        {
            return result;
        }

        int entry = verneed.Offset;
        for (uint i = 0; i < verneed.Info; i++)
        {
            EnsureInside(verneed, entry, 16);
            ushort count = elf.U16(entry + 2);
            string file = elf.ReadString(verneed.Link, elf.U32(entry + 4));
            int aux = entry + (int)elf.U32(entry + 8);
            for (int j = 0; j < count; j++)
            {
                EnsureInside(verneed, aux, 16);
                result.Add(new VersionRequirement(
                    File: file,
                    Name: elf.ReadString(verneed.Link, elf.U32(aux + 8)),
                    VersionIndex: elf.U16(aux + 6),
                    Flags: elf.U16(aux + 4),
                    FlagsOffset: aux + 4));
                aux += (int)elf.U32(aux + 12);
            }

            uint next = elf.U32(entry + 12);
            if (next == 0)
            {
                break;
            }

            entry += (int)next;
        }

        return result;
    }

    /// <summary>Every version name a library defines in <c>.gnu.version_d</c> (e.g. libstdc++'s <c>GLIBCXX_*</c>).</summary>
    public static HashSet<string> ReadDefinitions(ElfFile elf)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        if (elf.FindSection(ElfFile.ShtGnuVerDef) is not { } verdef)
        {
            return result;
        }

        int entry = verdef.Offset;
        for (uint i = 0; i < verdef.Info; i++)
        {
            EnsureInside(verdef, entry, 20);
            ushort count = elf.U16(entry + 6);
            int aux = entry + (int)elf.U32(entry + 12);
            for (int j = 0; j < count; j++)
            {
                EnsureInside(verdef, aux, 8);
                result.Add(elf.ReadString(verdef.Link, elf.U32(aux)));
                aux += (int)elf.U32(aux + 4);
            }

            uint next = elf.U32(entry + 16);
            if (next == 0)
            {
                break;
            }

            entry += (int)next;
        }

        return result;
    }

    /// <summary>The names of the dynamic symbols bound to version index <paramref name="versionIndex"/>.</summary>
    public static List<string> SymbolsUsingVersion(ElfFile elf, ushort versionIndex)
    {
        var result = new List<string>();
        if (elf.FindSection(ElfFile.ShtDynSym) is not { } dynsym || elf.FindSection(ElfFile.ShtGnuVerSym) is not { } versym)
        {
            return result;
        }

        int entrySize = dynsym.EntrySize == 0 ? 24 : dynsym.EntrySize;
        int count = dynsym.Size / entrySize;
        if (versym.Size < count * 2)
        {
            throw new FormatException(".gnu.version is shorter than the dynamic symbol table");
        }

        for (int i = 0; i < count; i++)
        {
            ushort version = (ushort)(elf.U16(versym.Offset + i * 2) & 0x7fff);
            if (version == versionIndex)
            {
                result.Add(elf.ReadString(dynsym.Link, elf.U32(dynsym.Offset + i * entrySize)));
            }
        }

        return result;
    }

    private static void EnsureInside(ElfFile.Section section, int at, int length)
    {
        if (at < section.Offset || at + length > section.Offset + section.Size)
        {
            throw new FormatException("a version entry lies outside its section");
        }
    }
}
