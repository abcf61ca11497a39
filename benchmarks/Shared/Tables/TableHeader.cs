namespace StochasticMutatorTuner.Benchmarks;

/// <summary>The first line of a benchmark table: what was trained, how, and on which machine.</summary>
/// <param name="Name">The benchmark's name (e.g. <c>mlp-breast-cancer</c>).</param>
/// <param name="Space">The config type whose every distinct config the table holds.</param>
/// <param name="Task"><c>classification</c> or <c>regression</c>.</param>
/// <param name="Data">The data and split, in words.</param>
/// <param name="Epochs">Epochs per training run (every curve has this many values).</param>
/// <param name="Seeds">The training seeds; every config has one run per seed.</param>
/// <param name="ScoreLastEpochs">A run's score is the mean validation loss of its last this many epochs (as the trainer's default).</param>
/// <param name="Configs">How many configs the table holds.</param>
/// <param name="Command">The command that built the table.</param>
/// <param name="Machine">The machine it was built on.</param>
/// <param name="Built">When it was built (UTC, ISO 8601).</param>
/// <param name="Minutes">How long the build took (wall clock; longer when other work shared the cores).</param>
/// <param name="CpuMinutes">The processor time the build used (user and system): about twice the wall-clock time of a build on 2 otherwise idle cores.</param>
public sealed record TableHeader(
    string Name,
    string Space,
    string Task,
    string Data,
    int Epochs,
    int[] Seeds,
    int ScoreLastEpochs,
    int Configs,
    string Command,
    string Machine,
    string Built,
    double Minutes,
    double CpuMinutes);
