using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Storage;

/// <summary>A storage that lives and dies with the process: for tests, benchmarks and throwaway searches.</summary>
/// <remarks>Thread-safe: one lock guards all state.</remarks>
public sealed class InMemoryStudyStorage : IStudyStorage
{
    private readonly object _gate = new();
    private readonly Dictionary<string, StudyState> _studiesByName = new(StringComparer.Ordinal);
    private readonly Dictionary<long, StudyState> _studiesById = new();
    private long _nextId = 1;

    /// <inheritdoc />
    public string Description => "in-memory";

    /// <inheritdoc />
    public ValueTask<StudyInfo> CreateOrOpenStudyAsync(StudyDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        lock (_gate)
        {
            if (!_studiesByName.TryGetValue(definition.Name, out var study))
            {
                var info = new StudyInfo(_nextId++, definition.Name, definition.Direction, definition.SpaceFingerprint, definition.SpaceJson, DateTimeOffset.UtcNow);
                study = new StudyState(info);
                _studiesByName.Add(info.Name, study);
                _studiesById.Add(info.Id, study);
            }

            return ValueTask.FromResult(study.Info);
        }
    }

    /// <inheritdoc />
    public ValueTask UpdateStudySpaceAsync(long studyId, string spaceFingerprint, string spaceJson, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var study = Get(studyId);
            study.Info = study.Info with { SpaceFingerprint = spaceFingerprint, SpaceJson = spaceJson };
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<StudyInfo?> FindStudyAsync(string name, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_studiesByName.TryGetValue(name, out var s) ? s.Info : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<StudyInfo>> ListStudiesAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<StudyInfo>>(_studiesByName.Values.Select(s => s.Info).OrderBy(s => s.Name, StringComparer.Ordinal).ToList());
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> DeleteStudyAsync(string name, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_studiesByName.Remove(name, out var study))
            {
                return ValueTask.FromResult(false);
            }

            _studiesById.Remove(study.Info.Id);
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<ReservationResult> ReserveTrialAsync(long studyId, TrialReservation reservation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        lock (_gate)
        {
            var study = Get(studyId);
            if (study.NumberByKey.TryGetValue(reservation.Key, out int existing))
            {
                return ValueTask.FromResult(new ReservationResult(ReservationStatus.KeyTaken, study.Trials[existing]));
            }

            if (reservation.MaxTrials is { } max && study.Trials.Count >= max)
            {
                return ValueTask.FromResult(new ReservationResult(ReservationStatus.StudyFull, null));
            }

            int number = study.Trials.Count;
            var trial = new StoredTrial
            {
                Number = number,
                Key = reservation.Key,
                Params = reservation.Params.ToArray(),
                State = TrialState.Running,
                StartedAt = reservation.Now,
                HeartbeatAt = reservation.Now,
                WorkerId = reservation.WorkerId,
                Revision = study.NextRevision(number),
            };
            study.Trials.Add(trial);
            study.NumberByKey.Add(trial.Key, trial.Number);
            return ValueTask.FromResult(new ReservationResult(ReservationStatus.Created, trial));
        }
    }

    /// <inheritdoc />
    public ValueTask<StoredTrial> FinishTrialAsync(long studyId, int number, TrialOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.State == TrialState.Running)
        {
            throw new ArgumentException("A trial can only finish in a final state.", nameof(outcome));
        }

        lock (_gate)
        {
            var study = Get(studyId);
            var trial = GetRunning(study, number);
            var finished = trial with
            {
                State = outcome.State,
                Score = outcome.State == TrialState.Complete && outcome.Score is { } s && double.IsFinite(s) ? s : null,
                Metrics = new Dictionary<string, double>(outcome.Metrics),
                Error = outcome.Error,
                FinishedAt = outcome.FinishedAt,
                Revision = study.NextRevision(number),
            };
            study.Trials[number] = finished;
            return ValueTask.FromResult(finished);
        }
    }

    /// <inheritdoc />
    public ValueTask ReportIntermediateAsync(long studyId, int number, IntermediateValue value, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var study = Get(studyId);
            var trial = GetRunning(study, number);
            study.Trials[number] = trial with
            {
                IntermediateValues = trial.IntermediateValues.Append(value).ToArray(),
                HeartbeatAt = now,
                Revision = study.NextRevision(number),
            };
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask HeartbeatAsync(long studyId, int number, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var study = Get(studyId);
            var trial = GetRunning(study, number);
            study.Trials[number] = trial with { HeartbeatAt = now };
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<int> FailStaleTrialsAsync(long studyId, DateTimeOffset olderThan, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var study = Get(studyId);
            int count = 0;
            for (int i = 0; i < study.Trials.Count; i++)
            {
                var t = study.Trials[i];
                if (t.State == TrialState.Running && (t.HeartbeatAt ?? t.StartedAt) < olderThan)
                {
                    study.Trials[i] = t with
                    {
                        State = TrialState.Failed,
                        Error = StaleTrial.Message(t.HeartbeatAt ?? t.StartedAt),
                        FinishedAt = now,
                        Revision = study.NextRevision(i),
                    };
                    count++;
                }
            }

            return ValueTask.FromResult(count);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<StoredTrial>> GetTrialsAsync(long studyId, long sinceRevision = 0, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var study = Get(studyId);
            if (sinceRevision <= 0)
            {
                return ValueTask.FromResult<IReadOnlyList<StoredTrial>>(study.Trials.ToList());
            }

            // Only the trials written after the revision: found from the write log, not by scanning every trial.
            var numbers = new SortedSet<int>();
            for (int i = study.FirstLogIndexAfter(sinceRevision); i < study.Log.Count; i++)
            {
                numbers.Add(study.Log[i].Number);
            }

            return ValueTask.FromResult<IReadOnlyList<StoredTrial>>(numbers.Select(n => study.Trials[n]).Where(t => t.Revision > sinceRevision).ToList());
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private StudyState Get(long studyId) =>
        _studiesById.TryGetValue(studyId, out var s) ? s : throw new InvalidOperationException($"There is no study with id {studyId}.");

    private static StoredTrial GetRunning(StudyState study, int number)
    {
        if ((uint)number >= (uint)study.Trials.Count)
        {
            throw new InvalidOperationException($"Study '{study.Info.Name}' has no trial {number}.");
        }

        var trial = study.Trials[number];
        return trial.State == TrialState.Running
            ? trial
            : throw new InvalidOperationException($"Trial {number} of study '{study.Info.Name}' is already {trial.State.ToString().ToLowerInvariant()}.");
    }

    private sealed class StudyState(StudyInfo info)
    {
        public StudyInfo Info { get; set; } = info;

        public List<StoredTrial> Trials { get; } = new();

        public Dictionary<string, int> NumberByKey { get; } = new(StringComparer.Ordinal);

        public long Revision { get; private set; }

        /// <summary>Every write, in revision order: which trial it changed.</summary>
        public List<(long Revision, int Number)> Log { get; } = new();

        public long NextRevision(int number)
        {
            Revision++;
            Log.Add((Revision, number));
            return Revision;
        }

        /// <summary>The first log position with a revision above <paramref name="revision"/> (binary search).</summary>
        public int FirstLogIndexAfter(long revision)
        {
            int low = 0, high = Log.Count;
            while (low < high)
            {
                int mid = (low + high) / 2;
                if (Log[mid].Revision <= revision)
                {
                    low = mid + 1;
                }
                else
                {
                    high = mid;
                }
            }

            return low;
        }
    }
}
