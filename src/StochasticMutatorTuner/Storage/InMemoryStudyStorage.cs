using StochasticMutatorTuner.Trials;

namespace StochasticMutatorTuner.Storage;

/// <summary>A storage that lives and dies with the process: for tests, benchmarks and throwaway searches.</summary>
/// <remarks>Thread-safe: one lock guards all state. Its change cursor is a per-study write counter.</remarks>
public sealed partial class InMemoryStudyStorage : IStudyStorage
{
    private readonly object _gate = new();
    private readonly Dictionary<string, StudyState> _studiesByName = new(StringComparer.Ordinal);
    private readonly Dictionary<long, StudyState> _studiesById = new();
    private long _nextId = 1;

    /// <inheritdoc />
    public string Description => "in-memory storage";

    /// <inheritdoc />
    public bool IsReadOnly => false;

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
            _artifacts.Remove(study.Info.Id);
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

            if (reservation.MaxTrials is { } max && study.BudgetUsed >= max)
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
                StaleAfter = reservation.StaleAfter,
                WorkerId = reservation.WorkerId,
            };
            study.Trials.Add(trial);
            study.NumberByKey.Add(trial.Key, trial.Number);
            study.BudgetUsed++;
            study.Changed(number);
            return ValueTask.FromResult(new ReservationResult(ReservationStatus.Created, trial));
        }
    }

    /// <inheritdoc />
    public ValueTask<StoredTrial> FinishTrialAsync(long studyId, int number, TrialOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        lock (_gate)
        {
            var study = Get(studyId);
            var trial = GetRunning(study, number);
            var finished = trial with
            {
                State = outcome.State,
                Score = outcome.Score,
                Metrics = outcome.Metrics.Count == 0 ? TrialRecord.EmptyMetrics : new Dictionary<string, double>(outcome.Metrics, StringComparer.Ordinal),
                FailureKind = outcome.FailureKind,
                Error = outcome.Error,
                PrunedStep = outcome.PrunedStep,
                Paused = outcome.Paused,
                FinishedAt = outcome.FinishedAt,
                Version = trial.Version + 1,
            };
            study.Trials[number] = finished;
            if (finished.State == TrialState.Failed)
            {
                study.BudgetUsed--;
            }

            study.Changed(number);
            return ValueTask.FromResult(finished);
        }
    }

    /// <inheritdoc />
    public ValueTask<StoredTrial?> ClaimPausedTrialAsync(long studyId, int number, int pausedStep, string workerId, DateTimeOffset now, TimeSpan staleAfter, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        lock (_gate)
        {
            var study = Get(studyId);
            if ((uint)number >= (uint)study.Trials.Count || study.Trials[number] is not { State: TrialState.Pruned, Paused: true } trial || trial.PrunedStep != pausedStep)
            {
                return ValueTask.FromResult<StoredTrial?>(null);
            }

            var claimed = trial with
            {
                State = TrialState.Running,
                Paused = false,
                PrunedStep = null,
                Error = null,
                FinishedAt = null,
                HeartbeatAt = now,
                WorkerId = workerId,
                StaleAfter = staleAfter,
                Version = trial.Version + 1,
            };
            study.Trials[number] = claimed;
            study.Changed(number);
            return ValueTask.FromResult<StoredTrial?>(claimed);
        }
    }

    /// <inheritdoc />
    public ValueTask ReportIntermediateAsync(long studyId, int number, IntermediateValue value, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var study = Get(studyId);
            var trial = GetRunning(study, number);
            if (trial.IntermediateValues.Any(v => v.Step == value.Step))
            {
                return ValueTask.CompletedTask; // a retried report
            }

            study.Trials[number] = trial with
            {
                IntermediateValues = trial.IntermediateValues.Append(value).OrderBy(v => v.Step).ToArray(),
                HeartbeatAt = now,
                Version = trial.Version + 1,
            };
            study.Changed(number);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<int>> HeartbeatAsync(long studyId, IReadOnlyList<int> numbers, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        var gone = new List<int>();
        lock (_gate)
        {
            var study = Get(studyId);
            foreach (int number in numbers)
            {
                if ((uint)number < (uint)study.Trials.Count && study.Trials[number].State == TrialState.Running)
                {
                    study.Trials[number] = study.Trials[number] with { HeartbeatAt = now };
                }
                else
                {
                    gone.Add(number);
                }
            }
        }

        return ValueTask.FromResult<IReadOnlyList<int>>(gone);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<int>> FailStaleTrialsAsync(long studyId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var marked = new List<int>();
        lock (_gate)
        {
            var study = Get(studyId);
            for (int i = 0; i < study.Trials.Count; i++)
            {
                var t = study.Trials[i];
                var lastSeen = t.HeartbeatAt ?? t.StartedAt;
                if (t.State == TrialState.Running && lastSeen + t.StaleAfter < now)
                {
                    study.Trials[i] = t with { State = TrialState.Failed, FailureKind = TrialFailureKind.Stale, FinishedAt = lastSeen, Version = t.Version + 1 };
                    study.BudgetUsed--;
                    study.Changed(i);
                    marked.Add(i);
                }
            }
        }

        return ValueTask.FromResult<IReadOnlyList<int>>(marked);
    }

    /// <inheritdoc />
    public ValueTask<TrialChanges> GetTrialChangesAsync(long studyId, long cursor, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var study = Get(studyId);
            if (cursor <= 0)
            {
                return ValueTask.FromResult(new TrialChanges(study.Trials.ToArray(), study.Revision));
            }

            // Only the trials written after the cursor: found from the write log, not by scanning every trial.
            int first = study.FirstLogIndexAfter(cursor);
            if (first == study.Log.Count)
            {
                return ValueTask.FromResult(new TrialChanges(Array.Empty<StoredTrial>(), study.Revision));
            }

            var numbers = new int[study.Log.Count - first];
            for (int i = 0; i < numbers.Length; i++)
            {
                numbers[i] = study.Log[first + i];
            }

            Array.Sort(numbers);
            int distinct = 0;
            for (int i = 0; i < numbers.Length; i++)
            {
                if (i == 0 || numbers[i] != numbers[i - 1])
                {
                    numbers[distinct++] = numbers[i];
                }
            }

            var changed = new StoredTrial[distinct];
            for (int i = 0; i < distinct; i++)
            {
                changed[i] = study.Trials[numbers[i]];
            }

            return ValueTask.FromResult(new TrialChanges(changed, study.Revision));
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private StudyState Get(long studyId) =>
        _studiesById.TryGetValue(studyId, out var s) ? s : throw new StudyStorageException($"The in-memory storage has no study with id {studyId} (was it deleted?).", isTransient: false);

    private static StoredTrial GetRunning(StudyState study, int number)
    {
        if ((uint)number >= (uint)study.Trials.Count)
        {
            throw new TrialNotRunningException($"Study '{study.Info.Name}' has no trial {number}.");
        }

        var trial = study.Trials[number];
        return trial.State == TrialState.Running
            ? trial
            : throw new TrialNotRunningException($"Trial {number} of study '{study.Info.Name}' is already {trial.State.ToString().ToLowerInvariant()}.", trial);
    }

    private sealed class StudyState(StudyInfo info)
    {
        public StudyInfo Info { get; set; } = info;

        public List<StoredTrial> Trials { get; } = new();

        public Dictionary<string, int> NumberByKey { get; } = new(StringComparer.Ordinal);

        public int BudgetUsed { get; set; }

        /// <summary>How many writes the study had: the change cursor (write i has revision i + 1).</summary>
        public long Revision => Log.Count;

        /// <summary>Every write, in revision order: which trial it changed (entry i is revision i + 1).</summary>
        public List<int> Log { get; } = new();

        public void Changed(int number) => Log.Add(number);

        /// <summary>The first log position with a revision above <paramref name="revision"/>.</summary>
        public int FirstLogIndexAfter(long revision) => (int)Math.Clamp(revision, 0, Log.Count);
    }
}
