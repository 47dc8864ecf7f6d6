using System.Globalization;
using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Events;
using Identity.Application.Notifications;
using Identity.Application.Notifications.IssueResetEmailCode;
using Identity.Domain.Common;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Identity.Infrastructure.Notifications;

/// <summary>
/// The module's notification sender: subscribes the group <see cref="Group"/> to the outbox at start and, for each
/// <see cref="PasswordResetEmailRequested"/>, issues a new code (<see cref="IssueResetEmailCodeCommand"/>, as the
/// system <see cref="SystemEditor.Notifications"/>; it commits the code's hash first), then renders the link and
/// sends the email. The code lives only in memory here: never in the outbox, an event, a log line or an exception.
/// A transient SMTP failure throws, so the outbox retries with back-off; the retry sends the same code again while it
/// is still the open one with half its lifetime left (else, and after a restart, a fresh code: the older one is void). A permanent refusal (5xx) is logged by type and ids and
/// not retried; so is a request that cannot be served any more (no SMTP server or link template now).
/// </summary>
internal sealed partial class PasswordResetEmailNotifier(
    IIntegrationEventSubscriptions subscriptions,
    IServiceScopeFactory scopes,
    IEmailSender email,
    NotificationSettings settings,
    ILogger<PasswordResetEmailNotifier> logger) : IHostedService, IDisposable
{
    /// <summary>The outbox subscriber group (its position survives restarts).</summary>
    public const string Group = "identity.notifications.email";

    /// <summary>The system caller's name: its changes are recorded with the editor <see cref="SystemEditor.Notifications"/>.</summary>
    private const string SystemName = "notifications";

    private IDisposable? _subscription;

    /// <summary>
    /// The code issued for the request whose email did not leave yet (the group delivers one message at a time, so
    /// there is at most one): a retry asks for it again instead of a new code. In memory only; lost with the process.
    /// </summary>
    private (string UserId, long Sequence, string Code)? _pending;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription ??= subscriptions.Subscribe(Group, HandleAsync);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _subscription, null)?.Dispose();
    }

    /// <summary>One outbox event; returns when it is done with (sent or skipped), throws when it should be retried.</summary>
    internal async Task HandleAsync(IntegrationEvent integrationEvent, CancellationToken cancellationToken)
    {
        if (integrationEvent is not PasswordResetEmailRequested requested)
        {
            return;
        }

        if (!email.IsConfigured)
        {
            LogNotServed(logger, requested.AggregateId, requested.Sequence, "no SMTP server is configured");
            return;
        }

        var template = requested.UrlTemplate ?? settings.PasswordResetUrl;
        if (template is null || PasswordResetLink.Problem(template, PasswordResetLink.MaxConfiguredLength) is not null)
        {
            LogNotServed(logger, requested.AggregateId, requested.Sequence, "no usable link template");
            return;
        }

        ResetEmailCodeResult result;
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            scope.ServiceProvider.GetRequiredService<RequestContext>().Caller = Caller.System(SystemName);
            try
            {
                var earlier = _pending is { } p && p.UserId == requested.AggregateId && p.Sequence == requested.Sequence ? p.Code : null;
                _pending = null;
                result = await scope.ServiceProvider.GetRequiredService<IMediator>()
                    .Send(new IssueResetEmailCodeCommand(requested.AggregateId, requested.OrgId, requested.OccurredAt, earlier), cancellationToken).ConfigureAwait(false);
            }
            catch (DomainException ex) when (ex.Kind is not (ErrorKind.Aborted or ErrorKind.Unavailable or ErrorKind.ResourceExhausted or ErrorKind.Internal))
            {
                // A refusal that a retry would only repeat (a conflict or an outage is retried by the outbox instead).
                LogRefused(logger, requested.AggregateId, requested.Sequence, ex.Summary.Id);
                return;
            }
        }

        if (result.Email is not { } reset)
        {
            LogSkipped(logger, requested.AggregateId, requested.Sequence, result.Skipped);
            return;
        }

        var link = PasswordResetLink.Render(template, requested.AggregateId, reset.Code, requested.OrgId);
        var message = new EmailMessage(reset.To, "Reset your password", Body(reset, link));
        try
        {
            await email.SendAsync(message, cancellationToken).ConfigureAwait(false);
            LogSent(logger, requested.AggregateId, requested.Sequence);
        }
        catch (PermanentEmailException ex)
        {
            LogPermanentFailure(logger, requested.AggregateId, requested.Sequence, ex.GetType().Name);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // retried by the outbox: the next attempt answers this code again while it is still open
            _pending = (requested.AggregateId, requested.Sequence, reset.Code);
            throw;
        }
    }

    /// <summary>The plain-text body: who it is for, the link, and until when it works.</summary>
    internal static string Body(ResetEmail reset, string link)
    {
        ArgumentNullException.ThrowIfNull(reset);
        var name = string.IsNullOrWhiteSpace(reset.DisplayName) ? reset.UserName : reset.DisplayName;
        var expires = reset.ExpiresAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"""
            Hello {name},

            a reset of the password of your account "{reset.UserName}" was requested. To choose a new password, open this link:

            {link}

            The link works once and expires at {expires}. A link in an earlier reset email no longer works.

            If you did not ask for this, ignore this email: your password stays as it is.
            """).ReplaceLineEndings("\r\n");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Password reset email for user {UserId} (event sequence {Sequence}) sent")]
    private static partial void LogSent(ILogger logger, string userId, long sequence);

    [LoggerMessage(Level = LogLevel.Information, Message = "Password reset email for user {UserId} (event sequence {Sequence}) not sent: superseded ({Reason})")]
    private static partial void LogSkipped(ILogger logger, string userId, long sequence, ResetEmailSkipReason? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Password reset email for user {UserId} (event sequence {Sequence}) not sent: {Reason}")]
    private static partial void LogNotServed(ILogger logger, string userId, long sequence, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Password reset email for user {UserId} (event sequence {Sequence}) not sent: the request was refused with {ErrorId}")]
    private static partial void LogRefused(ILogger logger, string userId, long sequence, string errorId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Password reset email for user {UserId} (event sequence {Sequence}) refused for good by the SMTP server ({ExceptionType}); not retried")]
    private static partial void LogPermanentFailure(ILogger logger, string userId, long sequence, string exceptionType);
}
