using System;
using System.Collections.Generic;
using System.Linq;

namespace StochasticMutatorTuner.Build.Tasks.Elf;

/// <summary>What <see cref="MarkerVersionPatcher"/> found, or did, for one file.</summary>
internal enum MarkerPatchOutcome
{
    /// <summary>The requirement was made weak; the file changed.</summary>
    Patched,

    /// <summary>The requirement is already weak (an earlier run patched it); nothing changed.</summary>
    AlreadyWeak,

    /// <summary>The file does not require the version at all; nothing changed.</summary>
    NotRequired,

    /// <summary>Real symbols need the version: weakening it would only move the failure to run time. Nothing changed.</summary>
    NeededByRealSymbols,
}

/// <summary>The result of analysing or patching one file.</summary>
/// <param name="Outcome">What was found or done.</param>
/// <param name="Requirement">The requirement concerned, when the file has it.</param>
/// <param name="BlockingSymbols">With <see cref="MarkerPatchOutcome.NeededByRealSymbols"/>: the symbols that need the version.</param>
internal sealed record MarkerPatchResult(MarkerPatchOutcome Outcome, VersionRequirement? Requirement, IReadOnlyList<string> BlockingSymbols);

/// <summary>
/// Makes a library's requirement of one libstdc++ symbol version weak when the only symbol bound to it is
/// a marker nothing calls.
/// </summary>
/// <remarks>
/// GCC 13 emits a reference to <c>std::ios_base_library_init()</c> (versioned <c>GLIBCXX_3.4.32</c>) into
/// every object that includes <c>&lt;iostream&gt;</c>, only to force a dependency on a new enough libstdc++.
/// TorchSharp 0.107's <c>libLibTorchSharp.so</c> carries it, so GCC 12's libstdc++ (Debian 12, Ubuntu 22.04)
/// refuses to load the library although no code ever calls the marker. Setting <c>VER_FLG_WEAK</c> on that
/// single <c>Elf64_Vernaux</c> entry turns the loader's error into a tolerated absence. The edit is two bytes;
/// everything else in the file stays identical.
/// </remarks>
internal static class MarkerVersionPatcher
{
    /// <summary>The version the marker carries.</summary>
    public const string MarkerVersion = "GLIBCXX_3.4.32";

    /// <summary>The mangled name of <c>std::ios_base_library_init()</c>.</summary>
    public const string MarkerSymbol = "_ZSt21ios_base_library_initv";

    /// <summary>The dependency that defines <see cref="MarkerVersion"/>.</summary>
    public const string LibStdCxx = "libstdc++.so.6";

    /// <summary>Decides what patching <paramref name="elf"/> would do, without changing it.</summary>
    public static MarkerPatchResult Analyze(ElfFile elf)
    {
        var requirement = SymbolVersioning.ReadRequirements(elf)
            .Where(r => r.Name == MarkerVersion && r.File == LibStdCxx)
            .Select(r => (VersionRequirement?)r)
            .FirstOrDefault();
        if (requirement is not { } req)
        {
            return new MarkerPatchResult(MarkerPatchOutcome.NotRequired, null, Array.Empty<string>());
        }

        var blocking = SymbolVersioning.SymbolsUsingVersion(elf, req.VersionIndex)
            .Where(name => name != MarkerSymbol)
            .ToList();
        if (blocking.Count > 0)
        {
            return new MarkerPatchResult(MarkerPatchOutcome.NeededByRealSymbols, req, blocking);
        }

        return new MarkerPatchResult(req.IsWeak ? MarkerPatchOutcome.AlreadyWeak : MarkerPatchOutcome.Patched, req, Array.Empty<string>());
    }

    /// <summary>
    /// Returns the patched bytes of <paramref name="content"/> (a new array; the input is not modified) and the
    /// result. When the outcome is not <see cref="MarkerPatchOutcome.Patched"/> the returned bytes are the input.
    /// </summary>
    public static (byte[] Bytes, MarkerPatchResult Result) Patch(byte[] content)
    {
        var elf = ElfFile.Parse(content);
        var result = Analyze(elf);
        if (result.Outcome != MarkerPatchOutcome.Patched || result.Requirement is not { } req)
        {
            return (content, result);
        }

        var patched = (byte[])content.Clone();
        ushort flags = (ushort)(req.Flags | VersionRequirement.WeakFlag);
        patched[req.FlagsOffset] = (byte)flags;
        patched[req.FlagsOffset + 1] = (byte)(flags >> 8);
        return (patched, result);
    }
}
