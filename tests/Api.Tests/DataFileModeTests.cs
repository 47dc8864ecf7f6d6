using Identity.Api.Tests.Support;

namespace Identity.Api.Tests;

/// <summary>The host on SQLite, with the data directory it creates itself.</summary>
public sealed class DataDirectoryFactory : ApiFactory
{
    public string DataDirectory => Directory;
}

/// <summary>The SQLite data directory and files hold hashes and personal data: only the service's user may read them.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataFileModeTests(DataDirectoryFactory factory) : IClassFixture<DataDirectoryFactory>
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [SkippableFact]
    public async Task After_start_and_a_write_the_data_directory_is_0700_and_every_file_in_it_0600()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix file modes");
        Assert.False(Directory.Exists(factory.DataDirectory), "the host creates the data directory itself");
        var admin = factory.Rest(factory.Start());
        await Scenario.AddOrgAsync(admin);

        Assert.Equal(Private | UnixFileMode.UserExecute, File.GetUnixFileMode(factory.DataDirectory));
        var files = Directory.GetFiles(factory.DataDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["admin.pat", "identity.db", "identity.db-shm", "identity.db-wal"], files);
        Assert.All(files, f => Assert.True(
            File.GetUnixFileMode(Path.Combine(factory.DataDirectory, f!)) == Private,
            $"{f} has mode {File.GetUnixFileMode(Path.Combine(factory.DataDirectory, f!))}"));
    }
}
