using System.Runtime.InteropServices;

namespace SmusServerless.Local.Files;

/// <summary>
/// Tells regular files from FIFOs, sockets and devices, which .NET's FileSystemInfo does not distinguish.
/// Uses the runtime's own native shim (libSystem.Native), whose stat record starts with Flags then Mode.
/// </summary>
internal static class UnixFileType
{
    private const int TypeMask = 0xF000;
    private const int Regular = 0x8000;
    private const int Directory = 0x4000;

    public static bool IsSpecial(string path)
    {
        if (OperatingSystem.IsWindows())
            return false;
        try
        {
            if (LStat(path, out var status) != 0)
                return false; // vanished or unreadable: opening it will report the real error
            var type = status.Mode & TypeMask;
            return type != Regular && type != Directory;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    // The shim's FileStatus is larger than what is read here; the buffer leaves ample room for it.
    [StructLayout(LayoutKind.Sequential, Size = 512)]
    private struct FileStatus
    {
        public int Flags;
        public int Mode;
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat", CharSet = CharSet.Ansi, SetLastError = true)]
    private static extern int LStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, out FileStatus status);
}
