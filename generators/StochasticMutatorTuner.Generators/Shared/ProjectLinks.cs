using System.Linq;
using System.Reflection;

namespace StochasticMutatorTuner.Generators.Shared;

/// <summary>
/// Links into the project's repository. The address is the MSBuild property <c>PackageProjectUrl</c>, stamped into
/// this assembly as <c>[AssemblyMetadata]</c> at build time (see generators/Directory.Build.props), so the help links
/// follow the repository wherever it is published instead of being written down twice.
/// </summary>
internal static class ProjectLinks
{
    /// <summary>The key of the <see cref="AssemblyMetadataAttribute"/> holding the address.</summary>
    public const string MetadataKey = "StochasticMutatorTuner.ProjectUrl";

    /// <summary>The project's address, without a trailing slash.</summary>
    public static string ProjectUrl { get; } = typeof(ProjectLinks).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == MetadataKey)?.Value?.TrimEnd('/') ?? "";

    /// <summary>The help page of a diagnostic, or null when the assembly was built without an address.</summary>
    public static string? DiagnosticHelp(string id) => ProjectUrl.Length == 0 ? null : $"{ProjectUrl}/blob/main/docs/diagnostics/{id}.md";
}
