using System.Collections.Generic;
using StochasticMutatorTuner.Generators.Model;

namespace StochasticMutatorTuner.Generators.Shared;

/// <summary>What reading a config type found: its model and every problem.</summary>
/// <param name="Model">The model (<see cref="ConfigModel.IsValid"/> is false when a problem is an error).</param>
/// <param name="Problems">Every problem, in the order found.</param>
internal sealed record SpaceReading(ConfigModel Model, IReadOnlyList<SpaceProblem> Problems);
