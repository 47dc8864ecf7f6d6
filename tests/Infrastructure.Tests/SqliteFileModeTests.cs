using Identity.Infrastructure.Bootstrap;
using Identity.Infrastructure.Persistence;
using Identity.Infrastructure.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Infrastructure.Tests;

/// <summary>The SQLite files hold hashes and personal data: only the service's user may read them, whatever the umask.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SqliteFileModeTests(SqliteTestDatabase database) : IClassFixture<SqliteTestDatabase>
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateDirectory = Private | UnixFileMode.UserExecute;

    [SkippableFact]
    public async Task The_data_directory_is_0700_and_the_database_wal_and_shm_files_are_0600()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix file modes");

        // A write with a connection kept open, so that the -wal and -shm files exist.
        await using var connection = new SqliteConnection($"Data Source={database.FilePath}");
        await connection.OpenAsync();
        await using (var scope = database.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<Bootstrapper>().RunAsync(default));
        }

        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT count(*) FROM users";
            Assert.Equal(1L, await command.ExecuteScalarAsync());
        }

        var directory = Path.GetDirectoryName(database.FilePath)!;
        Assert.Equal(PrivateDirectory, File.GetUnixFileMode(directory));
        Assert.True(File.Exists(database.FilePath + "-wal"), "the database runs in WAL mode");
        Assert.True(File.Exists(database.FilePath + "-shm"), "the database runs in WAL mode");
        foreach (var file in new[] { database.FilePath, database.FilePath + "-wal", database.FilePath + "-shm" })
        {
            Assert.True(File.GetUnixFileMode(file) == Private, $"{Path.GetFileName(file)} has mode {File.GetUnixFileMode(file)}");
        }
    }

    [SkippableFact]
    public void Existing_directories_and_files_keep_their_modes_and_memory_databases_create_nothing()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix file modes");
        var directory = Path.Combine(Path.GetTempPath(), "identity-tests", "modes-" + Guid.NewGuid().ToString("N"));
        try
        {
            const UnixFileMode shared = PrivateDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;
            Directory.CreateDirectory(directory, shared);
            File.SetUnixFileMode(directory, shared);
            var path = Path.Combine(directory, "existing.db");
            File.WriteAllBytes(path, []);
            File.SetUnixFileMode(path, Private | UnixFileMode.GroupRead);

            SqliteFiles.Prepare($"Data Source={path}");
            SqliteFiles.Prepare($"Data Source={Path.Combine(directory, "memory.db")};Mode=Memory");
            SqliteFiles.Prepare("Data Source=:memory:");
            SqliteFiles.Prepare($"Data Source={Path.Combine(directory, "nested", "new.db")}");

            Assert.Equal(shared, File.GetUnixFileMode(directory));
            Assert.Equal(Private | UnixFileMode.GroupRead, File.GetUnixFileMode(path));
            Assert.False(File.Exists(Path.Combine(directory, "memory.db")));
            Assert.Equal(PrivateDirectory, File.GetUnixFileMode(Path.Combine(directory, "nested")));
            Assert.Equal(Private, File.GetUnixFileMode(Path.Combine(directory, "nested", "new.db")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
