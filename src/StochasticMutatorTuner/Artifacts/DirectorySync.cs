using System.Runtime.InteropServices;
using System.Text;

namespace StochasticMutatorTuner.Artifacts;

/// <summary>
/// Flushes a folder's entries to the disk (POSIX <c>fsync</c> on the folder), so a rename survives a power cut, not
/// only a crash of the process. .NET cannot open a folder as a file, hence the two libc calls; on Windows, where
/// NTFS journals renames, it does nothing. Best effort: a file system that refuses is left as it is.
/// </summary>
internal static class DirectorySync
{
    public static void Flush(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        byte[] path = Encoding.UTF8.GetBytes(folder + "\0");
        int fd = NativeMethods.open(path, 0 /* O_RDONLY */);
        if (fd < 0)
        {
            return;
        }

        _ = NativeMethods.fsync(fd);
        _ = NativeMethods.close(fd);
    }

    private static class NativeMethods
    {
#pragma warning disable SYSLIB1054, CA5392, IDE1006 // plain blittable libc calls; lower-case names are libc's
        [DllImport("libc", SetLastError = true)]
        public static extern int open(byte[] path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int fsync(int fd);

        [DllImport("libc")]
        public static extern int close(int fd);
#pragma warning restore SYSLIB1054, CA5392, IDE1006
    }
}
