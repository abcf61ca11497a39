using StochasticMutatorTuner.Storage;
using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Tests.Support;

/// <summary>A real storage that records, in order, the calls whose order a test checks: "report N", "finish", "flush".</summary>
internal class CallRecordingStorage(IStudyStorage inner) : ForwardingStorage(inner)
{
    private readonly List<string> _calls = [];

    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_calls)
            {
                return _calls.ToArray();
            }
        }
    }

    public override async ValueTask ReportIntermediateAsync(long studyId, int number, IntermediateValue value, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        Record($"report {value.Step}");
        await base.ReportIntermediateAsync(studyId, number, value, now, cancellationToken);
    }

    public override ValueTask<StoredTrial> FinishTrialAsync(long studyId, int number, TrialOutcome outcome, CancellationToken cancellationToken = default)
    {
        Record("finish");
        return base.FinishTrialAsync(studyId, number, outcome, cancellationToken);
    }

    public override ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        Record("flush");
        return base.FlushAsync(cancellationToken);
    }

    private void Record(string call)
    {
        lock (_calls)
        {
            _calls.Add(call);
        }
    }
}
