using System.Diagnostics;
using Microsoft.Extensions.Logging;
using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Tuning;

namespace StochasticMutatorTuner.Studies;

/// <summary>
/// Retries storage calls that fail transiently (<see cref="StudyStorageException.IsTransient"/>) with exponential
/// backoff and full jitter, until a deadline; then gives up with one line that names the storage and says what to do.
/// </summary>
/// <remarks>Thread-safe (no mutable state besides a counter for the log).</remarks>
internal sealed class StorageRetry
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan NotifyEvery = TimeSpan.FromSeconds(5);
    private readonly ILogger _logger;
    private readonly Action<string>? _notify;
    private long _lastNotified = long.MinValue;

    public StorageRetry(TimeSpan budget, ILogger logger, Action<string>? notify = null)
    {
        Budget = budget;
        _logger = logger;
        _notify = notify;
    }

    /// <summary>How long a call is retried when the caller gives no deadline of its own.</summary>
    public TimeSpan Budget { get; }

    /// <summary>Runs <paramref name="operation"/> until it succeeds, fails for good, or <paramref name="deadline"/> (default: now + <see cref="Budget"/>) passes.</summary>
    /// <param name="operation">The storage call; it gets <paramref name="cancellationToken"/>.</param>
    /// <param name="what">What the call does, for the message ("recording the result of trial 3").</param>
    /// <param name="deadline">When to give up; null: after <see cref="Budget"/>.</param>
    /// <param name="cancellationToken">Stops the retries (and is passed to the call).</param>
    /// <param name="unreachableFor">When set, give up sooner — after this long — while nothing answers at the storage's address.</param>
    public async Task<T> RunAsync<T>(Func<CancellationToken, ValueTask<T>> operation, string what, DateTimeOffset? deadline, CancellationToken cancellationToken, TimeSpan? unreachableFor = null) =>
        await RunAsync((operation, what), static (s, ct) => s.operation(ct), static s => s.what, deadline, cancellationToken, unreachableFor).ConfigureAwait(false);

    /// <summary>
    /// <see cref="RunAsync{T}(Func{CancellationToken, ValueTask{T}}, string, DateTimeOffset?, CancellationToken, TimeSpan?)"/>
    /// for the calls of every trial: the call and its description read <paramref name="state"/> (static lambdas, no
    /// closure), the description is written only when a retry or a failure needs it, and a call the storage answers at
    /// once (in memory) completes without allocating.
    /// </summary>
    public ValueTask<T> RunAsync<TState, T>(TState state, Func<TState, CancellationToken, ValueTask<T>> operation, Func<TState, string> what, DateTimeOffset? deadline, CancellationToken cancellationToken, TimeSpan? unreachableFor = null)
    {
        // The first attempt outside the retry loop's state machine: a call answered at once returns here, and the
        // loop (compiled per state type, and large) is compiled only for a storage that fails or answers later.
        var started = Stopwatch.GetTimestamp();
        ValueTask<T> first;
        try
        {
            first = operation(state, cancellationToken);
        }
        catch (StudyStorageException e) when (e.IsTransient)
        {
            first = ValueTask.FromException<T>(e);
        }

        return first.IsCompletedSuccessfully ? first : RetryAsync(first, started, state, operation, what, deadline, unreachableFor, cancellationToken);
    }

    /// <summary>The rest of <see cref="RunAsync{TState, T}"/>: waits for the first attempt, then retries.</summary>
    private async ValueTask<T> RetryAsync<TState, T>(ValueTask<T> first, long started, TState state, Func<TState, CancellationToken, ValueTask<T>> operation, Func<TState, string> what, DateTimeOffset? deadline, TimeSpan? unreachableFor, CancellationToken cancellationToken)
    {
        DateTimeOffset? giveUpAt = null, giveUpUnreachableAt = null; // set at the first failure: a call that succeeds reads no clock
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return attempt == 1 ? await first.ConfigureAwait(false) : await operation(state, cancellationToken).ConfigureAwait(false);
            }
            catch (StudyStorageException e) when (e.IsTransient)
            {
                var now = DateTimeOffset.UtcNow;
                if (giveUpAt is null)
                {
                    // Counted from the call's start, as before: the first attempt's time is part of the budget.
                    var start = now - Stopwatch.GetElapsedTime(started);
                    giveUpAt = deadline ?? start + Budget;
                    giveUpUnreachableAt = unreachableFor is { } u && start + u < giveUpAt ? start + u : giveUpAt;
                }

                if (now >= giveUpAt || (e.IsUnreachable && now >= giveUpUnreachableAt))
                {
                    throw new StudyStorageException(
                        $"{e.Message} Gave up {what(state)} after retrying for {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s; check that the storage is running and reachable, then start the worker again (the study keeps every finished trial).",
                        isTransient: false,
                        e);
                }

                if (attempt == 1)
                {
                    TunerLog.StorageRetrying(_logger, what(state), e.Message);
                    long last = Interlocked.Read(ref _lastNotified);
                    long nowTicks = Stopwatch.GetTimestamp();
                    if ((last == long.MinValue || Stopwatch.GetElapsedTime(last, nowTicks) >= NotifyEvery) && Interlocked.CompareExchange(ref _lastNotified, nowTicks, last) == last)
                    {
                        _notify?.Invoke($"{e.Message} Retrying {what(state)} for up to {(giveUpAt.Value - now).TotalSeconds:0} s.");
                    }
                }

                // Full jitter: a fleet of workers that lost the server together does not come back together.
                double cap = Math.Min(MaxDelay.TotalMilliseconds, FirstDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 10)));
                var delay = TimeSpan.FromMilliseconds(cap * (0.5 + (Random.Shared.NextDouble() / 2)));
                var left = (e.IsUnreachable ? giveUpUnreachableAt!.Value : giveUpAt.Value) - now;
                await Task.Delay(delay < left ? delay : left, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary><see cref="RunAsync{T}"/> for calls without a result.</summary>
    public Task RunAsync(Func<CancellationToken, ValueTask> operation, string what, DateTimeOffset? deadline, CancellationToken cancellationToken) =>
        RunAsync(async ct =>
        {
            await operation(ct).ConfigureAwait(false);
            return true;
        }, what, deadline, cancellationToken);
}
