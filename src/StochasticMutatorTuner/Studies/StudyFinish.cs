using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Studies;

/// <summary>How recording a trial's result ended.</summary>
/// <param name="Trial">The trial as stored now.</param>
/// <param name="Accepted">False when the storage had already finished the trial otherwise (failed as stale while this worker was paused or cut off).</param>
internal readonly record struct StudyFinish(TrialRecord Trial, bool Accepted);
