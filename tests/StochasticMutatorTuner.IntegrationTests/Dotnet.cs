namespace StochasticMutatorTuner.IntegrationTests;

/// <summary>Runs the dotnet CLI and captures its output.</summary>
public static class Dotnet
{
    public static (int ExitCode, string Output) Run(string workingDirectory, params string[] args) => ProcessRunner.Run("dotnet", workingDirectory, args);
}
