using Microsoft.Data.Sqlite;

namespace Identity.Infrastructure.Persistence;

/// <summary>
/// The SQLite database holds password hashes and personal data, so only the service's user may read
/// it: a directory the module creates gets mode 0700, and the database file is created with mode 0600
/// before SQLite first opens it (SQLite gives its -wal, -shm and -journal files the database file's
/// mode). A directory or file that already exists keeps the mode the operator gave it.
/// </summary>
internal static class SqliteFiles
{
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the directory and the (empty) database file of a file-based connection string, if missing.</summary>
    public static void Prepare(string? connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var source = builder.DataSource;
        if (builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(source)
            || source == ":memory:" || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var path = Path.GetFullPath(source);
        CreatePrivateDirectory(Path.GetDirectoryName(path));
        if (builder.Mode != SqliteOpenMode.ReadWriteCreate || OperatingSystem.IsWindows() || File.Exists(path))
        {
            return;
        }

        try
        {
            // An empty file is a valid, empty SQLite database.
            using var file = new FileStream(path, new FileStreamOptions
            {
                Mode = System.IO.FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = FileMode,
            });
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another replica or process created it meanwhile; it created it the same way.
        }
    }

    /// <summary>Creates a directory (and its missing parents) with mode 0700; an existing one is left as it is.</summary>
    public static void CreatePrivateDirectory(string? directory)
    {
        if (string.IsNullOrEmpty(directory) || Directory.Exists(directory))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, DirectoryMode);
        }
    }
}
