using System.Net.Sockets;
using Identity.Application.Abstractions;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Identity.Infrastructure.Email;

/// <summary>
/// Sends each message over its own SMTP connection (MailKit): connect with the configured TLS mode, log in when a
/// user is configured, send, quit. Failures become <see cref="TransientEmailException"/> (retry later) or
/// <see cref="PermanentEmailException"/> (a 5xx refusal of this message); neither names the body or the password.
/// </summary>
internal sealed partial class SmtpEmailSender : IEmailSender
{
    private readonly SmtpSettings _settings;
    private readonly MailboxAddress _from;
    private readonly ILogger<SmtpEmailSender> _logger;

    public SmtpEmailSender(SmtpSettings settings, ILogger<SmtpEmailSender> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _from = MailboxAddress.Parse(settings.From);
        _logger = logger;
    }

    public bool IsConfigured => true;

    private string Server => $"{_settings.Host}:{_settings.Port}";

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!MailboxAddress.TryParse(message.To, out var to))
        {
            throw new PermanentEmailException("The recipient is not a valid email address.");
        }

        using var mime = new MimeMessage();
        mime.From.Add(_from);
        mime.To.Add(to);
        mime.Subject = message.Subject;
        mime.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(_from.Domain);
        mime.Body = new TextPart(MimeKit.Text.TextFormat.Plain) { Text = message.TextBody };

        using var client = new SmtpClient { Timeout = (int)Math.Min(int.MaxValue, _settings.Timeout.TotalMilliseconds) };
        var step = Step.Connect;
        try
        {
            await client.ConnectAsync(_settings.Host, _settings.Port, ToMailKit(_settings.TlsMode), cancellationToken).ConfigureAwait(false);
            if (_settings.User is { } user)
            {
                step = Step.Login;
                await client.AuthenticateAsync(user, _settings.Password ?? string.Empty, cancellationToken).ConfigureAwait(false);
            }

            step = Step.Send;
            await client.SendAsync(mime, cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Classify(ex, step, cancellationToken) is { } failure)
        {
            LogFailed(_logger, failure is TransientEmailException ? "transient" : "permanent", Server, failure.Message);
            throw failure;
        }

        LogSent(_logger, mime.MessageId, Server);
    }

    private static SecureSocketOptions ToMailKit(SmtpTlsMode mode) => mode switch
    {
        SmtpTlsMode.None => SecureSocketOptions.None,
        SmtpTlsMode.StartTls => SecureSocketOptions.StartTls,
        SmtpTlsMode.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown TLS mode."),
    };

    /// <summary>The typed failure for a MailKit or network exception; null for the caller's own cancellation (and bugs), which pass through.</summary>
    private EmailDeliveryException? Classify(Exception ex, Step step, CancellationToken cancellationToken)
    {
        switch (ex)
        {
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                return null;
            case SmtpCommandException command when (int)command.StatusCode >= 500 && command.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted:
                return new PermanentEmailException($"SMTP server {Server} refused the message for good: {(int)command.StatusCode} {command.Message}", ex);
            case SmtpCommandException command:
                return new TransientEmailException($"SMTP server {Server} answered {(int)command.StatusCode}: {command.Message}", ex);
            case NotSupportedException when step == Step.Connect && _settings.TlsMode == SmtpTlsMode.StartTls:
                return new TransientEmailException($"SMTP server {Server} does not offer STARTTLS, which Identity:Smtp:TlsMode=StartTls requires; the message was not sent", ex);
            case NotSupportedException when step == Step.Login:
                return new TransientEmailException($"SMTP server {Server} does not offer a login (AUTH) on this connection, but Identity:Smtp:User is set; the message was not sent", ex);
            case NotSupportedException:
                return new TransientEmailException($"SMTP server {Server} cannot do what the configuration asks ({ex.Message}); the message was not sent", ex);
            case AuthenticationException:
                return new TransientEmailException($"SMTP server {Server} refused the login of Identity:Smtp:User", ex);
            case SslHandshakeException:
                return new TransientEmailException($"TLS with SMTP server {Server} failed (certificate or protocol; Identity:Smtp:TlsMode={_settings.TlsMode})", ex);
            case SocketException or IOException or TimeoutException or OperationCanceledException or SmtpProtocolException or ServiceNotConnectedException:
                return new TransientEmailException($"SMTP server {Server} could not be reached or did not answer ({ex.GetType().Name}: {ex.Message})", ex);
            default:
                return null;
        }
    }

    private enum Step
    {
        Connect,
        Login,
        Send,
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Email {MessageId} accepted by SMTP server {Server}")]
    private static partial void LogSent(ILogger logger, string messageId, string server);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Email not sent ({Kind} failure) through SMTP server {Server}: {Reason}")]
    private static partial void LogFailed(ILogger logger, string kind, string server, string reason);
}
