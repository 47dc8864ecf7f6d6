using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Identity.Application.Abstractions;
using Identity.Infrastructure.Email;
using Identity.Infrastructure.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Identity.Infrastructure.Tests;

/// <summary>
/// The SMTP sender against a real SMTP server on loopback (aiosmtpd): delivery, and which failures are transient
/// (retry later) or permanent; bodies and the SMTP password never reach a log or an exception.
/// </summary>
public sealed class SmtpEmailSenderTests(LoopbackSmtpServer server) : IClassFixture<LoopbackSmtpServer>
{
    private const string Password = "smtp-Secret-Pa55word";
    private const string Link = "https://id.example.com/ui/login/password/init?userID=312&code=Xy7-kQ_9zT&orgID=311";

    private readonly CapturingLogger<SmtpEmailSender> _log = new();

    private SmtpSettings Settings(SmtpTlsMode tlsMode = SmtpTlsMode.None, int? port = null, string? user = null, TimeSpan? timeout = null)
    {
        Skip.If(server.UnavailableReason is not null, server.UnavailableReason);
        return new SmtpSettings("127.0.0.1", port ?? server.Port, tlsMode, user, user is null ? null : Password, "Identity <no-reply@id.example.com>", timeout ?? TimeSpan.FromSeconds(10));
    }

    private SmtpEmailSender Sender(SmtpSettings settings) => new(settings, _log);

    private static EmailMessage Message(string to) =>
        new(to, "Reset your password", $"Hello Grüße,\n\nset a new password here:\n{Link}\n\nThe link works for one hour.\n");

    private static string Lf(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    [SkippableFact]
    public async Task A_message_arrives_with_its_recipient_sender_subject_and_body()
    {
        var to = $"alice-{Guid.NewGuid():N}@example.com";

        await Sender(Settings()).SendAsync(Message(to), CancellationToken.None);

        var received = Assert.Single(server.Received(), m => m.RcptTos.Contains(to));
        Assert.Equal([to], received.RcptTos);
        Assert.Equal("no-reply@id.example.com", received.MailFrom);
        Assert.Equal("Identity <no-reply@id.example.com>", received.From);
        Assert.Equal(to, received.To);
        Assert.Equal("Reset your password", received.Subject);
        Assert.Equal("text/plain", received.ContentType);
        Assert.Equal(Lf(Message(to).TextBody), Lf(received.Body!));
        Assert.EndsWith("@id.example.com>", received.MessageId, StringComparison.Ordinal);
        Assert.DoesNotContain(_log.Lines, line => line.Contains(Link, StringComparison.Ordinal) || line.Contains("Grüße", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Server_down_is_a_transient_failure_and_nothing_is_logged_but_the_reason()
    {
        var settings = Settings(port: LoopbackSmtpServer.FreePort());
        var watch = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<TransientEmailException>(() => Sender(settings).SendAsync(Message("bob@example.com"), CancellationToken.None));

        Assert.IsType<SocketException>(ex.InnerException, exactMatch: false);
        Assert.Contains($"127.0.0.1:{settings.Port}", ex.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        var warning = Assert.Single(_log.Lines);
        Assert.Contains("transient", warning, StringComparison.Ordinal);
        Assert.DoesNotContain(Link, warning, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_server_that_never_answers_is_a_transient_failure_after_the_timeout()
    {
        var settings = Settings(timeout: TimeSpan.FromSeconds(1));
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        settings = settings with { Port = ((IPEndPoint)silent.LocalEndpoint).Port };
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAsync<TransientEmailException>(() => Sender(settings).SendAsync(Message("bob@example.com"), CancellationToken.None));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(8), $"took {watch.Elapsed}");
    }

    [SkippableFact]
    public async Task StartTls_required_but_not_offered_fails_clearly_and_sends_nothing()
    {
        var to = $"carol-{Guid.NewGuid():N}@example.com";

        var ex = await Assert.ThrowsAsync<TransientEmailException>(() => Sender(Settings(SmtpTlsMode.StartTls)).SendAsync(Message(to), CancellationToken.None));

        Assert.Contains("does not offer STARTTLS", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Identity:Smtp:TlsMode=StartTls", ex.Message, StringComparison.Ordinal);
        Assert.IsType<NotSupportedException>(ex.InnerException);
        Assert.DoesNotContain(server.Received(), m => m.RcptTos.Contains(to));
    }

    [SkippableFact]
    public async Task A_recipient_refused_with_550_is_a_permanent_failure()
    {
        var ex = await Assert.ThrowsAsync<PermanentEmailException>(() => Sender(Settings()).SendAsync(Message("refused@example.com"), CancellationToken.None));

        Assert.Contains("550", ex.Message, StringComparison.Ordinal);
        Assert.Contains("permanent", Assert.Single(_log.Lines), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_recipient_deferred_with_451_is_a_transient_failure()
    {
        var ex = await Assert.ThrowsAsync<TransientEmailException>(() => Sender(Settings()).SendAsync(Message("later@example.com"), CancellationToken.None));

        Assert.Contains("451", ex.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_login_the_server_does_not_offer_fails_clearly_without_the_password()
    {
        var settings = Settings(user: "mailer");
        Assert.DoesNotContain(Password, settings.ToString(), StringComparison.Ordinal);

        var ex = await Assert.ThrowsAsync<TransientEmailException>(() => Sender(settings).SendAsync(Message("dave@example.com"), CancellationToken.None));

        Assert.Contains("AUTH", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_log.Lines, line => line.Contains(Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_host_the_registered_sender_is_not_configured_and_refuses_to_send()
    {
        await using var services = Provider(smtp: null);
        var sender = services.GetRequiredService<IEmailSender>();

        Assert.False(sender.IsConfigured);
        await Assert.ThrowsAsync<InvalidOperationException>(() => sender.SendAsync(Message("erin@example.com"), CancellationToken.None));
    }

    [Fact]
    public async Task With_a_host_the_registered_sender_is_the_smtp_sender()
    {
        await using var services = Provider(new SmtpSettings("127.0.0.1", 25, SmtpTlsMode.None, null, null, "no-reply@id.example.com", TimeSpan.FromSeconds(5)));
        var sender = services.GetRequiredService<IEmailSender>();

        Assert.True(sender.IsConfigured);
        Assert.IsType<SmtpEmailSender>(sender);
    }

    [Fact]
    public void A_message_prints_without_its_body()
    {
        var printed = Message("frank@example.com").ToString();

        Assert.Contains("frank@example.com", printed, StringComparison.Ordinal);
        Assert.DoesNotContain(Link, printed, StringComparison.Ordinal);
    }

    private static ServiceProvider Provider(SmtpSettings? smtp)
    {
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddIdentityInfrastructure(new InfrastructureSettings(
            new DatabaseSettings(DatabaseProvider.Sqlite, "Data Source=:memory:"), TestDatabase.TestHashIterations, null, new BootstrapSettings(false, "Default", "admin", "unused"))
        {
            Smtp = smtp,
        });
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }
}

/// <summary>Keeps every formatted log line (with its exception's text).</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines)
        {
            _lines.Add($"{logLevel}: {formatter(state, exception)} {exception}");
        }
    }
}
