using System.Globalization;

namespace StochasticMutatorTuner.Artifacts;

/// <summary>
/// The files of artifacts under one root folder: <c>ROOT/&lt;study id&gt;/&lt;trial number&gt;/&lt;name&gt;</c>. Study
/// names never become paths (ids do), and names are validated (<see cref="ArtifactNames"/>), so no path leaves the root.
/// </summary>
/// <remarks>
/// <para><b>Atomic writes:</b> content goes to a hidden temporary file in the same folder
/// (<c>.NAME.RANDOM.tmp</c>), is flushed to the disk, and is renamed over the final name; then the folder itself is
/// flushed. A process killed at any moment leaves either the old file or the new one under the name, never a part of
/// one; at worst a hidden temporary file remains, which no reader lists or opens.</para>
/// <para>Thread-safe: no state but the root.</para>
/// </remarks>
internal sealed class ArtifactFolder
{
    private const string TempSuffix = ".tmp";

    public ArtifactFolder(string root)
    {
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    public string TrialFolder(long studyId, int trialNumber) =>
        Path.Combine(Root, studyId.ToString(CultureInfo.InvariantCulture), trialNumber.ToString(CultureInfo.InvariantCulture));

    public string PathOf(long studyId, int trialNumber, string name)
    {
        ArtifactNames.ValidateFile(name);
        return Path.Combine(TrialFolder(studyId, trialNumber), name);
    }

    /// <summary>Writes the artifact atomically with <paramref name="write"/>; returns its length and SHA-256.</summary>
    /// <exception cref="IOException">The folder cannot be created or written; the message names it.</exception>
    public async Task<(long Length, string Sha256)> WriteAsync(long studyId, int trialNumber, string name, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        string final = PathOf(studyId, trialNumber, name);
        string folder = Path.GetDirectoryName(final)!;
        string temp = Path.Combine(folder, $".{name}.{Guid.NewGuid():N}{TempSuffix}");
        try
        {
            (long Length, string Sha256) written;
            var file = CreateTemp(folder, temp);
            await using (file.ConfigureAwait(false))
            {
                using var hashing = new HashingStream(file);
                await write(hashing, cancellationToken).ConfigureAwait(false);
                await hashing.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true); // the content is on the disk before the name points at it
                written = (hashing.Length, hashing.HashHex());
            }

            File.Move(temp, final, overwrite: true);
            DirectorySync.Flush(folder); // and the rename itself survives a power cut
            return written;
        }
        catch (Exception ex)
        {
            TryDelete(temp);
            if (ex is UnauthorizedAccessException denied)
            {
                throw new IOException($"Cannot write the artifact {final}: {denied.Message}", denied);
            }

            throw;
        }
    }

    /// <summary>Creates the folder and the temporary file in it.</summary>
    private static FileStream CreateTemp(string folder, string temp)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                Directory.CreateDirectory(folder);
                return new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            }
            catch (DirectoryNotFoundException) when (attempt < 3)
            {
                // Another worker removed the trial's folder as it became empty (a best-k deletion): make it again.
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new IOException($"Cannot write in the artifact folder {folder}: {ex.Message} Choose an artifact folder this process may write to.", ex);
            }
        }
    }

    /// <summary>Opens the artifact's file for reading, or returns null when there is none.</summary>
    public FileStream? TryOpenRead(long studyId, int trialNumber, string name)
    {
        string path = PathOf(studyId, trialNumber, name);
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Deletes the artifact's file (nothing when it is gone already) and the trial's folder once it is empty.</summary>
    public void Delete(long studyId, int trialNumber, string name)
    {
        string path = PathOf(studyId, trialNumber, name);
        File.Delete(path);
        try
        {
            Directory.Delete(Path.GetDirectoryName(path)!); // only when empty: throws otherwise
        }
        catch (IOException)
        {
            // Other artifacts (or another worker's write) still live there.
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover hidden temporary file is never read; the original error matters more.
        }
    }
}
