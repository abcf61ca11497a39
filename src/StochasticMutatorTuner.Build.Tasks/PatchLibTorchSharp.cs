using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using StochasticMutatorTuner.Build.Tasks.Elf;

namespace StochasticMutatorTuner.Build.Tasks;

/// <summary>
/// Makes TorchSharp's <c>libLibTorchSharp.so</c> loadable on systems whose libstdc++ predates GCC 13
/// (Debian 12, Ubuntu 22.04) by weakening its one requirement of <c>GLIBCXX_3.4.32</c>, which only the unused
/// <c>std::ios_base_library_init()</c> marker needs. See <see cref="MarkerVersionPatcher"/> for the why.
/// </summary>
/// <remarks>
/// Acts only on Linux, only when the system libstdc++ lacks the version, and only when the marker is the sole
/// symbol that needs it. It edits the copies in the build or publish output, never the NuGet cache: the patched
/// file is written beside the original and moved over it, which also breaks any hard link into the cache.
/// Running it again on a patched file changes nothing.
/// </remarks>
public sealed class PatchLibTorchSharp : Task
{
    /// <summary>The copies of <c>libLibTorchSharp.so</c> in the output folder.</summary>
    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The libstdc++ to check instead of the one the loader would find (for tests and unusual setups).</summary>
    public string? SystemLibStdCxx { get; set; }

    /// <summary>The files this run changed.</summary>
    [Output]
    public ITaskItem[] PatchedFiles { get; private set; } = Array.Empty<ITaskItem>();

    /// <inheritdoc />
    public override bool Execute()
    {
        if (Files.Length == 0)
        {
            return true;
        }

        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            Log.LogMessage(MessageImportance.Low, "StochasticMutatorTuner: not Linux; libLibTorchSharp.so left as it is.");
            return true;
        }

        string? libStdCxx = string.IsNullOrEmpty(SystemLibStdCxx) ? LibStdCxxLocator.Find() : SystemLibStdCxx;
        if (libStdCxx is null)
        {
            Log.LogMessage(MessageImportance.Low, "StochasticMutatorTuner: no system libstdc++.so.6 found; libLibTorchSharp.so left as it is.");
            return true;
        }

        string newest;
        try
        {
            var definitions = SymbolVersioning.ReadDefinitions(ElfFile.Parse(File.ReadAllBytes(libStdCxx)));
            if (definitions.Contains(MarkerVersionPatcher.MarkerVersion))
            {
                Log.LogMessage(MessageImportance.Low, $"StochasticMutatorTuner: {libStdCxx} defines {MarkerVersionPatcher.MarkerVersion}; libLibTorchSharp.so left as it is.");
                return true;
            }

            newest = NewestGlibcxx(definitions);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            Log.LogWarning($"StochasticMutatorTuner: could not read {libStdCxx} ({ex.Message}); libLibTorchSharp.so left as it is.");
            return true;
        }

        var patched = Files.Where(item => PatchOne(item.GetMetadata("FullPath"), libStdCxx, newest)).ToArray();
        PatchedFiles = patched;
        return !Log.HasLoggedErrors;
    }

    private bool PatchOne(string path, string libStdCxx, string newest)
    {
        try
        {
            var original = File.ReadAllBytes(path);
            var (bytes, result) = MarkerVersionPatcher.Patch(original);
            switch (result.Outcome)
            {
                case MarkerPatchOutcome.Patched:
                    ReplaceKeepingTimestamp(path, bytes);
                    Log.LogMessage(
                        MessageImportance.High,
                        $"StochasticMutatorTuner: made {path} load with {libStdCxx} (newest version {newest}): its {MarkerVersionPatcher.MarkerVersion} requirement is now weak, as only the unused std::ios_base_library_init() marker needs it.");
                    return true;
                case MarkerPatchOutcome.AlreadyWeak:
                    Log.LogMessage(MessageImportance.Low, $"StochasticMutatorTuner: {path} is already patched.");
                    return false;
                case MarkerPatchOutcome.NotRequired:
                    Log.LogMessage(MessageImportance.Low, $"StochasticMutatorTuner: {path} does not require {MarkerVersionPatcher.MarkerVersion}; left as it is.");
                    return false;
                default:
                    Log.LogWarning(
                        $"StochasticMutatorTuner: {path} needs {MarkerVersionPatcher.MarkerVersion} for real symbols ({string.Join(", ", result.BlockingSymbols.Take(5))}); it was left as it is and will not load with {libStdCxx}. Install libstdc++ from GCC 13 or newer.");
                    return false;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            Log.LogWarning($"StochasticMutatorTuner: could not patch {path}: {ex.Message}");
            return false;
        }
    }

    /// <summary>
    /// Writes beside the file, then moves over it: the original inode (possibly a hard link into the NuGet cache)
    /// is never written. The timestamp is kept so incremental copies treat the file as up to date.
    /// </summary>
    private static void ReplaceKeepingTimestamp(string path, byte[] bytes)
    {
        var stamp = File.GetLastWriteTimeUtc(path);
        string temp = path + ".smt-patch.tmp";
        File.Copy(path, temp, overwrite: true); // keeps the permission bits
        File.WriteAllBytes(temp, bytes);
        File.SetLastWriteTimeUtc(temp, stamp);
        File.Delete(path);
        File.Move(temp, path);
    }

    private static string NewestGlibcxx(System.Collections.Generic.IEnumerable<string> definitions) =>
        definitions
            .Where(d => d.StartsWith("GLIBCXX_", StringComparison.Ordinal))
            .Select(d => (Name: d, Version: Version.TryParse(d.Substring("GLIBCXX_".Length), out var v) ? v : new Version(0, 0)))
            .OrderByDescending(x => x.Version)
            .Select(x => x.Name)
            .FirstOrDefault() ?? "none";
}
