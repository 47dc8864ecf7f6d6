using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Identity.Infrastructure.OAuth;

/// <summary>
/// Reloads the OAuth signing keys every <see cref="OAuthKeySettings.RefreshInterval"/> (<see cref="SigningKeyRing.RotateAsync"/>):
/// the next key is made in time, retired keys and used assertions are deleted, and keys other replicas made are seen.
/// </summary>
internal sealed partial class SigningKeyRotation(SigningKeyRing ring, TimeProvider time, InfrastructureSettings settings, ILogger<SigningKeyRotation> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!ring.EncryptsPrivateKeys)
        {
            LogUnencrypted(logger);
        }

        using var timer = new PeriodicTimer(settings.OAuth.RefreshInterval, time);
        do
        {
            try
            {
                await ring.RotateAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                // the database is away: the next pass (or the next token request) tries again
                LogFailed(logger, ex.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "OAuth signing keys are stored unencrypted in the database: set Identity:OAuth:KeyEncryptionKey (32 random bytes, base64) to encrypt them")]
    private static partial void LogUnencrypted(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reloading the OAuth signing keys failed with {ExceptionType}; trying again at the next pass")]
    private static partial void LogFailed(ILogger logger, string exceptionType);
}
