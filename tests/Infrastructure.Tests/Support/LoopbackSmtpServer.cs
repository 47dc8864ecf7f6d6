using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Identity.Infrastructure.Tests.Support;

/// <summary>
/// A real SMTP server on loopback: Debian's <c>python3-aiosmtpd</c> with a small handler (written to a temp dir)
/// that stores each accepted message as JSON (envelope, headers, decoded text body), answers <c>451</c> to
/// recipients named <c>later@…</c> and <c>550</c> to <c>refused@…</c>. It offers neither STARTTLS nor AUTH.
/// Without aiosmtpd the tests are skipped with that reason, unless <c>IDENTITY_TEST_REQUIRE_SMTP=1</c>
/// (as in <c>.ci/run</c>, which installs it), where they fail.
/// </summary>
public sealed class LoopbackSmtpServer : IAsyncLifetime
{
    private const string Script = """
        import asyncio, email, email.policy, json, os, sys
        from aiosmtpd.controller import Controller

        class Handler:
            def __init__(self, out):
                self.out = out
                self.count = 0

            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                local = address.split('@')[0].lower()
                if local == 'refused':
                    return '550 5.1.1 No such user here'
                if local == 'later':
                    return '451 4.3.0 Mailbox busy, try again later'
                envelope.rcpt_tos.append(address)
                return '250 OK'

            async def handle_DATA(self, server, session, envelope):
                msg = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
                part = msg.get_body(preferencelist=('plain',))
                self.count += 1
                record = {
                    'mail_from': envelope.mail_from, 'rcpt_tos': envelope.rcpt_tos,
                    'from': str(msg['From']), 'to': str(msg['To']), 'subject': str(msg['Subject']),
                    'message_id': str(msg['Message-ID']), 'content_type': msg.get_content_type(),
                    'body': part.get_content() if part is not None else None,
                }
                tmp = os.path.join(self.out, '.%d.tmp' % self.count)
                with open(tmp, 'w', encoding='utf-8') as f:
                    json.dump(record, f)
                os.replace(tmp, os.path.join(self.out, '%04d.json' % self.count))
                return '250 Message accepted for delivery'

        controller = Controller(Handler(sys.argv[3]), hostname=sys.argv[1], port=int(sys.argv[2]))
        controller.start()
        print('ready', flush=True)
        try:
            sys.stdin.read()  # until the test closes stdin (or dies)
        finally:
            controller.stop()
        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "identity-smtp-" + Guid.NewGuid().ToString("N"));
    private readonly int? _port;
    private Process? _process;

    /// <summary>A server on a free loopback port, started by <see cref="InitializeAsync"/>.</summary>
    public LoopbackSmtpServer()
    {
    }

    private LoopbackSmtpServer(int port)
    {
        _port = port;
        Port = port;
    }

    /// <summary>A server that will listen on <paramref name="port"/> once <see cref="InitializeAsync"/> runs (for a test that starts it late).</summary>
    public static LoopbackSmtpServer OnPort(int port) => new(port);

    public static bool Required => Environment.GetEnvironmentVariable("IDENTITY_TEST_REQUIRE_SMTP") == "1";

    /// <summary>Null when the server runs; otherwise why the tests are skipped.</summary>
    public string? UnavailableReason { get; private set; }

    public int Port { get; private set; }

    private string Inbox => Path.Combine(_dir, "inbox");

    public async Task InitializeAsync()
    {
        var python = FindPythonWithAiosmtpd();
        if (python is null)
        {
            if (Required)
            {
                throw new InvalidOperationException("IDENTITY_TEST_REQUIRE_SMTP=1 but no python3 can import aiosmtpd (apt-get install python3-aiosmtpd).");
            }

            UnavailableReason = "SMTP tests skipped: python3-aiosmtpd is not installed (apt-get install python3-aiosmtpd; .ci/run does)";
            return;
        }

        Directory.CreateDirectory(Inbox);
        var script = Path.Combine(_dir, "smtp_server.py");
        await File.WriteAllTextAsync(script, Script);
        Port = _port ?? FreePort();
        var start = new ProcessStartInfo(python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { script, "127.0.0.1", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), Inbox })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var line = await _process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line != "ready")
        {
            var error = await _process.StandardError.ReadToEndAsync(timeout.Token);
            throw new InvalidOperationException($"The loopback SMTP server did not start: {line} {error}");
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000))
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
            _process.Dispose();
        }

        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    /// <summary>The messages accepted so far, oldest first.</summary>
    public IReadOnlyList<ReceivedEmail> Received() =>
        !Directory.Exists(Inbox) ? [] : Directory.GetFiles(Inbox, "*.json").Order(StringComparer.Ordinal)
            .Select(file => JsonSerializer.Deserialize<ReceivedEmail>(File.ReadAllText(file))!)
            .ToList();

    /// <summary>A loopback port nobody listens on (just released by the OS).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string? FindPythonWithAiosmtpd()
    {
        foreach (var candidate in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                using var probe = Process.Start(new ProcessStartInfo(candidate, ["-c", "import aiosmtpd"])
                {
                    RedirectStandardError = true,
                    RedirectStandardOutput = true,
                    UseShellExecute = false,
                });
                if (probe is not null && probe.WaitForExit(20_000) && probe.ExitCode == 0)
                {
                    return candidate;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // not installed under this name
            }
        }

        return null;
    }
}

/// <summary>One message as the loopback server received it (the body decoded from its transfer encoding).</summary>
public sealed record ReceivedEmail(
    [property: System.Text.Json.Serialization.JsonPropertyName("mail_from")] string MailFrom,
    [property: System.Text.Json.Serialization.JsonPropertyName("rcpt_tos")] IReadOnlyList<string> RcptTos,
    [property: System.Text.Json.Serialization.JsonPropertyName("from")] string From,
    [property: System.Text.Json.Serialization.JsonPropertyName("to")] string To,
    [property: System.Text.Json.Serialization.JsonPropertyName("subject")] string Subject,
    [property: System.Text.Json.Serialization.JsonPropertyName("message_id")] string MessageId,
    [property: System.Text.Json.Serialization.JsonPropertyName("content_type")] string ContentType,
    [property: System.Text.Json.Serialization.JsonPropertyName("body")] string? Body);
