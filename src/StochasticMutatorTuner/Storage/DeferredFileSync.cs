namespace StochasticMutatorTuner.Storage;

/// <summary>
/// Makes what was written to one file durable (an fsync) in the background, so the writer does not wait for the
/// disk. Requests made while a sync runs are served together by the next one; <see cref="FlushAsync"/> waits until
/// every request made before it is covered by a sync that began after the request.
/// </summary>
/// <remarks>
/// An fsync flushes the file's data whichever descriptor wrote it, so a sync here also covers what SQLite's own
/// connections wrote. The file is opened for each sync (never kept open: SQLite may delete and recreate it); a
/// missing file has nothing to sync.
/// </remarks>
internal sealed class DeferredFileSync
{
    private readonly object _gate = new();
    private readonly Action _sync;
    private readonly string _path;
    private Task _loop = Task.CompletedTask;
    private long _requested;
    private long _synced;
    private Exception? _failure;

    /// <summary>Syncs the file at <paramref name="path"/>.</summary>
    public DeferredFileSync(string path)
        : this(path, () => SyncFile(path))
    {
    }

    /// <summary>Runs <paramref name="sync"/> as the sync (tests count and delay it); <paramref name="path"/> names it in errors.</summary>
    internal DeferredFileSync(string path, Action sync)
    {
        _path = path;
        _sync = sync;
    }

    /// <summary>How many syncs have completed (tests).</summary>
    internal int Completed { get; private set; }

    /// <summary>Asks for a sync of everything written so far; returns at once.</summary>
    public void Request()
    {
        lock (_gate)
        {
            _requested++;
            if (_loop.IsCompleted)
            {
                _loop = Task.Run(SyncUntilCaughtUp);
            }
        }
    }

    /// <summary>Waits until every request made before this call is synced.</summary>
    /// <exception cref="StudyStorageException">A sync failed (the disk refused the data); the message names the file.</exception>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        Task loop;
        lock (_gate)
        {
            ThrowIfFailed();
            if (_synced >= _requested)
            {
                return;
            }

            loop = _loop; // a loop is running (a request starts one) and runs until it has caught up with this request
        }

        await loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            ThrowIfFailed();
        }
    }

    private void SyncUntilCaughtUp()
    {
        while (true)
        {
            long target;
            lock (_gate)
            {
                if (_synced >= _requested)
                {
                    return;
                }

                target = _requested;
            }

            try
            {
                _sync();
            }
#pragma warning disable CA1031 // Kept and thrown to the one who waits for durability (FlushAsync), never lost.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                lock (_gate)
                {
                    _failure ??= ex;
                }
            }

            lock (_gate)
            {
                _synced = target;
                Completed++;
            }
        }
    }

    private void ThrowIfFailed()
    {
        if (_failure is { } failure)
        {
            _failure = null; // reported once; later syncs may succeed again
            throw new StudyStorageException($"Could not make {_path} durable (fsync failed: {failure.Message}). Results written since the last successful sync may be lost in a power cut; check the disk.", isTransient: false, failure);
        }
    }

    private static void SyncFile(string path)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        }
        catch (FileNotFoundException)
        {
            return; // SQLite checkpointed and removed it: everything is in the database file, synced by the checkpoint
        }

        using (stream)
        {
            stream.Flush(flushToDisk: true);
        }
    }
}
