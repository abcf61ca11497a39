using Microsoft.Extensions.Logging;

namespace StochasticMutatorTuner.Tuning;

/// <summary>Delivers events to a search's observers one at a time; an observer that throws is logged, never fatal.</summary>
internal sealed class ObserverHub
{
    private readonly IList<ISearchObserver> _observers;
    private readonly ILogger _logger;
    private readonly object _gate = new();

    public ObserverHub(IList<ISearchObserver> observers, ILogger logger)
    {
        _observers = observers;
        _logger = logger;
    }

    /// <summary>True when at least one observer listens (so the engine builds events only then).</summary>
    public bool Any => _observers.Count > 0;

    public void Notify(Action<ISearchObserver> action)
    {
        if (_observers.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            foreach (var observer in _observers)
            {
                try
                {
                    action(observer);
                }
#pragma warning disable CA1031 // A broken display must not stop a search.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    TunerLog.ObserverFailed(_logger, ex);
                }
            }
        }
    }
}
