namespace SmusServerless.Core.Bundle;

/// <summary>Record signatures, sizes and field values of the zip format (PKWARE APPNOTE 6.3.x) that bundles use.</summary>
internal static class ZipFormat
{
    public const uint LocalHeaderSignature = 0x04034b50;
    public const uint CentralHeaderSignature = 0x02014b50;
    public const uint EndOfCentralDirectorySignature = 0x06054b50;
    public const uint Zip64EndOfCentralDirectorySignature = 0x06064b50;
    public const uint Zip64LocatorSignature = 0x07064b50;
    public const uint DataDescriptorSignature = 0x08074b50;

    public const int LocalHeaderSize = 30;
    public const int CentralHeaderSize = 46;
    public const int EndOfCentralDirectorySize = 22;
    public const int Zip64EndOfCentralDirectorySize = 56;
    public const int Zip64LocatorSize = 20;
    public const int MaxCommentLength = 0xFFFF;

    public const ushort Zip64ExtraId = 0x0001;
    public const ushort UnicodePathExtraId = 0x7075;

    public const ushort MethodStored = 0;
    public const ushort MethodDeflated = 8;

    public const ushort FlagEncrypted = 1 << 0;
    public const ushort FlagDataDescriptor = 1 << 3;
    public const ushort FlagStrongEncryption = 1 << 6;
    public const ushort FlagUtf8 = 1 << 11;
    public const ushort FlagMaskedHeaders = 1 << 13;

    public const ushort VersionDeflate = 20;
    public const ushort VersionZip64 = 45;
    public const byte HostUnix = 3;
    public const byte HostMsDos = 0;
    public const byte HostNtfs = 10;

    /// <summary>1980-01-01 00:00:00, the earliest DOS time: every bundle entry carries it, so builds do not depend on file times.</summary>
    public const ushort FixedDosDate = (0 << 9) | (1 << 5) | 1;
    public const ushort FixedDosTime = 0;

    // Unix mode bits (stat.h), stored in the high 16 bits of the external attributes when the host is Unix.
    public const int UnixTypeMask = 0xF000;
    public const int UnixRegular = 0x8000;
    public const int UnixDirectory = 0x4000;
    public const int UnixSymlink = 0xA000;
    /// <summary>Regular file, rw-r--r--: every bundled file gets this mode.</summary>
    public const uint RegularFileAttributes = (uint)(UnixRegular | 0x1A4) << 16;
    /// <summary>FILE_ATTRIBUTE_REPARSE_POINT, how Windows tools mark links.</summary>
    public const uint DosReparsePoint = 0x400;

    public const uint Zip32Max = uint.MaxValue;
    public const ushort Zip16Max = ushort.MaxValue;
}
