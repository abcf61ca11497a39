namespace StochasticMutatorTuner.Benchmarks;

/// <summary>
/// One search of one problem with one pruner: the incumbent's true regret at every compute budget, and what the
/// pruner did to the trials that started within the report's largest budget.
/// </summary>
/// <param name="Regret">[b]: the incumbent's regret when the search may start trials until b + 1 full trainings' worth of epochs are used (as <c>TunerOptions.MaxTotalSteps</c> = (b + 1) · epochs); NaN before any score.</param>
/// <param name="Trials">Trials started within the counted budget.</param>
/// <param name="Pruned">Of them, pruned.</param>
/// <param name="PrunedAtFirstEpoch">Of the pruned, stopped at epoch 1.</param>
/// <param name="PrunedAtLastEpoch">Of the pruned, stopped at the last epoch (the pruners' law says never).</param>
/// <param name="TopTried">Trials of configs in the best 1 % of the space.</param>
/// <param name="TopPruned">Of them, pruned.</param>
/// <param name="OptimumTried">Trials of the space's best config (0 or 1).</param>
/// <param name="OptimumPruned">Of them, pruned.</param>
/// <param name="Epochs">Epochs trained by the trials started within the counted budget.</param>
/// <param name="Retries">Of the trials, retries of a pruned config (the <c>+retry</c> variant).</param>
/// <param name="Promotions">Paused trials resumed within the counted budget (the <c>+promote</c> variant).</param>
/// <param name="PrunedParents">Proposals within the counted budget that mutated a pruned trial (the <c>+parents</c> variant).</param>
public sealed record PruningRun(
    float[] Regret,
    int Trials,
    int Pruned,
    int PrunedAtFirstEpoch,
    int PrunedAtLastEpoch,
    int TopTried,
    int TopPruned,
    int OptimumTried,
    int OptimumPruned,
    long Epochs,
    int Retries = 0,
    int PrunedParents = 0,
    int Promotions = 0);
