using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;

namespace StochasticMutatorTuner.Build.Tasks.Elf;

/// <summary>Finds the libstdc++ the dynamic loader would pick and tells which versions it defines.</summary>
internal static class LibStdCxxLocator
{
    /// <summary>
    /// The first <c>libstdc++.so.6</c> in <c>LD_LIBRARY_PATH</c>, then in the usual multiarch and lib64
    /// folders, or null when there is none.
    /// </summary>
    public static string? Find()
    {
        foreach (var dir in CandidateFolders())
        {
            var path = Path.Combine(dir, MarkerVersionPatcher.LibStdCxx);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    /// <summary>True when the library at <paramref name="path"/> defines symbol version <paramref name="version"/>.</summary>
    public static bool Defines(string path, string version)
    {
        var elf = ElfFile.Parse(File.ReadAllBytes(path));
        return SymbolVersioning.ReadDefinitions(elf).Contains(version);
    }

    private static IEnumerable<string> CandidateFolders()
    {
        var ldPath = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
        if (!string.IsNullOrEmpty(ldPath))
        {
            foreach (var dir in ldPath!.Split(':'))
            {
                if (dir.Length > 0)
                {
                    yield return dir;
                }
            }
        }

        string triple = RuntimeInformation.OSArchitecture switch
        {
            Architecture.Arm64 => "aarch64-linux-gnu",
            _ => "x86_64-linux-gnu",
        };
        yield return "/usr/lib/" + triple;
        yield return "/lib/" + triple;
        yield return "/usr/lib64";
        yield return "/lib64";
        yield return "/usr/lib";
        yield return "/lib";
    }
}
