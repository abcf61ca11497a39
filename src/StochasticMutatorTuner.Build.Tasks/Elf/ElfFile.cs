using System;
using System.Collections.Generic;
using System.Text;

namespace StochasticMutatorTuner.Build.Tasks.Elf;

/// <summary>
/// A read-only view of the parts of a 64-bit little-endian ELF file that symbol versioning needs:
/// section headers, string tables, the dynamic symbol table and the GNU version sections.
/// It never writes; edits are made by callers on a copy of <see cref="Bytes"/>.
/// </summary>
internal sealed class ElfFile
{
    internal const uint ShtDynSym = 11;
    internal const uint ShtGnuVerDef = 0x6ffffffd;
    internal const uint ShtGnuVerNeed = 0x6ffffffe;
    internal const uint ShtGnuVerSym = 0x6fffffff;

    private readonly List<Section> _sections = new();

    private ElfFile(byte[] bytes) => Bytes = bytes;

    /// <summary>The file's content, as read.</summary>
    public byte[] Bytes { get; }

    /// <summary>The section headers in file order.</summary>
    public IReadOnlyList<Section> Sections => _sections;

    /// <summary>Parses <paramref name="bytes"/>; throws <see cref="FormatException"/> for anything but a sane ELF64 LE file.</summary>
    public static ElfFile Parse(byte[] bytes)
    {
        if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
        {
            throw new FormatException("not an ELF file");
        }

        if (bytes[4] != 2 || bytes[5] != 1)
        {
            throw new FormatException("only 64-bit little-endian ELF files are supported");
        }

        var elf = new ElfFile(bytes);
        ulong shoff = elf.U64(0x28);
        int shentsize = elf.U16(0x3A);
        int shnum = elf.U16(0x3C);
        if (shoff == 0 || shnum == 0)
        {
            throw new FormatException("the file has no section headers");
        }

        if (shentsize < 64 || shoff + (ulong)shentsize * (ulong)shnum > (ulong)bytes.Length)
        {
            throw new FormatException("section header table lies outside the file");
        }

        for (int i = 0; i < shnum; i++)
        {
            int at = checked((int)shoff + i * shentsize);
            var section = new Section(
                Index: i,
                Type: elf.U32(at + 4),
                Offset: checked((int)elf.U64(at + 24)),
                Size: checked((int)elf.U64(at + 32)),
                Link: elf.U32(at + 40),
                Info: elf.U32(at + 44),
                EntrySize: checked((int)elf.U64(at + 56)));
            if (section.Type != 8 /* SHT_NOBITS */ && (long)section.Offset + section.Size > bytes.Length)
            {
                throw new FormatException($"section {i} lies outside the file");
            }

            elf._sections.Add(section);
        }

        return elf;
    }

    /// <summary>The first section of the given type, or null.</summary>
    public Section? FindSection(uint type)
    {
        foreach (var s in _sections)
        {
            if (s.Type == type)
            {
                return s;
            }
        }

        return null;
    }

    /// <summary>Reads a NUL-terminated string at <paramref name="offset"/> inside string-table section <paramref name="stringTableIndex"/>.</summary>
    public string ReadString(uint stringTableIndex, uint offset)
    {
        if (stringTableIndex >= _sections.Count)
        {
            throw new FormatException("string table index out of range");
        }

        var table = _sections[(int)stringTableIndex];
        if (offset >= table.Size)
        {
            throw new FormatException("string offset outside its table");
        }

        int start = table.Offset + (int)offset;
        int end = start;
        int limit = table.Offset + table.Size;
        while (end < limit && Bytes[end] != 0)
        {
            end++;
        }

        return Encoding.ASCII.GetString(Bytes, start, end - start);
    }

    internal ushort U16(int at) => (ushort)(Bytes[at] | Bytes[at + 1] << 8);

    internal uint U32(int at) => (uint)(Bytes[at] | Bytes[at + 1] << 8 | Bytes[at + 2] << 16 | Bytes[at + 3] << 24);

    internal ulong U64(int at) => U32(at) | (ulong)U32(at + 4) << 32;

    /// <summary>One section header.</summary>
    internal readonly record struct Section(int Index, uint Type, int Offset, int Size, uint Link, uint Info, int EntrySize);
}
