using System;
using System.Collections.Generic;

namespace StochasticMutatorTuner.Generators.Model;

/// <summary>Creates <see cref="EquatableArray{T}"/> values.</summary>
internal static class EquatableArrayExtensions
{
    public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> items)
        where T : IEquatable<T> => new(items);
}
