using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Identity.Infrastructure.Persistence;

/// <summary>
/// EF Core logs every failed command (<see cref="RelationalEventId.CommandError"/>) and every failed
/// SaveChanges (<see cref="CoreEventId.SaveChangesFailed"/>) at Error, with a stack trace, including the
/// unique-key violations of an expected concurrency conflict that the unit of work retries; any writer
/// could flood the error log with them. <see cref="Configure"/> lowers those two events to Debug and
/// this interceptor logs every failed command that is not such a conflict at Error again. A failed
/// SaveChanges that is not a conflict reaches the caller as an exception (the gRPC error interceptor
/// logs it); a failed connection or transaction is still logged by EF Core itself.
/// </summary>
internal sealed partial class CommandFailureLog(ILogger<CommandFailureLog> logger) : DbCommandInterceptor
{
    private const string HistoryTable = "__EFMigrationsHistory";

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options
            .ConfigureWarnings(w => w.Log((RelationalEventId.CommandError, LogLevel.Debug), (CoreEventId.SaveChangesFailed, LogLevel.Debug)))
            .AddInterceptors(new CommandFailureLog(services.GetRequiredService<ILogger<CommandFailureLog>>()));
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Log(command, eventData);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Log(command, eventData);
        return Task.CompletedTask;
    }

    private void Log(DbCommand command, CommandErrorEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(eventData);
        if (UnitOfWork.IsUniqueViolation(eventData.Exception))
        {
            // An expected conflict: the unit of work retries it and counts it (identity.unit_of_work.retries).
            return;
        }

        if (command.CommandText.Contains(HistoryTable, StringComparison.Ordinal))
        {
            // On a first start the provider reads the migrations history before the table exists; a real
            // failure there stops the start-up with its exception.
            LogHistoryCommandFailed(logger, eventData.Exception);
            return;
        }

        // The command text holds parameter names only, never their values.
        LogCommandFailed(logger, eventData.Exception, (long)eventData.Duration.TotalMilliseconds, command.CommandText);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reading the migrations history failed (expected before the first migration)")]
    private static partial void LogHistoryCommandFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Database command failed after {ElapsedMs} ms: {CommandText}")]
    private static partial void LogCommandFailed(ILogger logger, Exception exception, long elapsedMs, string commandText);
}
