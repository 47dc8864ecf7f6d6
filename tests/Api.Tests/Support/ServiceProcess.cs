using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Identity.Api.Tests.Support;

/// <summary>The service as a real process (<c>dotnet Identity.Api.dll</c>) on free loopback ports.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private readonly string _scheme;

    private ServiceProcess(Process process, int restPort, int grpcPort, string scheme)
    {
        _process = process;
        RestPort = restPort;
        GrpcPort = grpcPort;
        _scheme = scheme;
    }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public int RestPort { get; }

    public int GrpcPort { get; }

    public Uri RestAddress => new($"{_scheme}://127.0.0.1:{RestPort}");

    /// <summary>What the process logged so far (for a failure message; the logs hold no secret).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="settings">Configuration keys (<c>Identity:Bootstrap:OrgName</c>), passed as environment variables.</param>
    /// <param name="https">Serve REST over TLS (the settings then name the certificate).</param>
    /// <param name="grpcHttps">Serve native gRPC over TLS (the settings then name its certificate, <c>Kestrel:Endpoints:Grpc:Certificate</c>).</param>
    public static ServiceProcess Start(IReadOnlyDictionary<string, string> settings, bool https = false, bool grpcHttps = false)
    {
        ArgumentNullException.ThrowIfNull(settings);
        int restPort = FreePort(), grpcPort = FreePort();
        var scheme = https ? "https" : "http";
        var start = new ProcessStartInfo("dotnet", Path.Combine(AppContext.BaseDirectory, "Identity.Api.dll"))
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Kestrel__Endpoints__Rest__Url"] = $"{scheme}://127.0.0.1:{restPort}";
        start.Environment["Kestrel__Endpoints__Grpc__Url"] = $"{(grpcHttps ? "https" : "http")}://127.0.0.1:{grpcPort}";

        // The tests hash with few iterations; the settings may switch this off again.
        start.Environment["Identity__Passwords__AllowWeakHashingForTests"] = "true";

        // Failed-check budgets far beyond any test (many wrong passwords from one loopback source); the settings may lower them.
        foreach (var budget in new[] { "FailedChecksPerUserPerMinute", "FailedChecksPerUserBurst", "FailedChecksPerSourcePerMinute", "FailedChecksPerSourceBurst" })
        {
            start.Environment["Identity__Limits__" + budget] = "100000";
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = start };
        var service = new ServiceProcess(process, restPort, grpcPort, scheme);
        process.OutputDataReceived += (_, e) => service.Append(e.Data);
        process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    public async Task WaitReadyAsync(TimeSpan timeout, HttpMessageHandler? handler = null)
    {
        using var client = new HttpClient(handler ?? new HttpClientHandler(), disposeHandler: handler is null) { BaseAddress = RestAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_process.HasExited, "the service exited: " + Output);
            try
            {
                if ((await client.GetAsync(new Uri("/debug/ready", UriKind.Relative))).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
                // a probe that outlived the client's timeout (a starting process on a busy machine): ask again
            }

            await Task.Delay(200);
        }

        Assert.Fail("the service did not become ready: " + Output);
    }

    /// <summary>Asks the process to stop as a container runtime or systemd would (SIGTERM).</summary>
    public void Terminate()
    {
        const int sigterm = 15;
        Assert.Equal(0, Kill(_process.Id, sigterm));
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
