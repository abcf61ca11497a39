namespace StochasticMutatorTuner.Generators.Model;

/// <summary>A resolved [PerLayer]: the list has as many elements as the count parameter's value.</summary>
/// <param name="CountProperty">The count's property name.</param>
/// <param name="CountName">The count's parameter name.</param>
/// <param name="CountValues">The count's values.</param>
internal sealed record LayerCountModel(string CountProperty, string CountName, EquatableArray<long> CountValues)
{
    /// <summary>The largest count: how many genome slots the list takes.</summary>
    public int Slots
    {
        get
        {
            long max = 0;
            foreach (var v in CountValues)
            {
                max = System.Math.Max(max, v);
            }

            return (int)max;
        }
    }
}
