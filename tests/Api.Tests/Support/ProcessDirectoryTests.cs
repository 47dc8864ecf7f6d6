namespace Identity.Api.Tests.Support;

/// <summary>
/// A test class that starts the service as a real process (<see cref="ServiceProcess"/>): a fresh directory for its
/// database and token file, deleted afterwards.
/// </summary>
public abstract class ProcessDirectoryTests(string name) : IAsyncLifetime
{
    protected string ProcessDirectory { get; } = Path.Combine(Path.GetTempPath(), name, Guid.NewGuid().ToString("N"));

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(ProcessDirectory);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(ProcessDirectory, recursive: true);
        return Task.CompletedTask;
    }
}
