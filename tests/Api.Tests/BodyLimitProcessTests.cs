using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Grpc.Core;
using Identity.Api.Tests.Support;
using Xunit.Abstractions;

namespace Identity.Api.Tests;

/// <summary>The body limit of the real process (Kestrel's server-wide limit), measured on its resident memory.</summary>
public sealed class BodyLimitProcessTests(ITestOutputHelper output) : ProcessDirectoryTests("identity-body-limit")
{
    private const int BodyBytes = 25 * 1024 * 1024;
    private const long AllowedGrowthBytes = 100L * 1024 * 1024;

    [Fact]
    public async Task Eight_parallel_25_mb_unauthenticated_bodies_on_a_mixed_case_path_answer_413_and_barely_move_memory()
    {
        await using var service = ServiceProcess.Start(new Dictionary<string, string>
        {
            ["Identity:Database:ConnectionString"] = $"Data Source={Path.Combine(ProcessDirectory, "identity.db")}",
            ["Identity:Bootstrap:TokenFile"] = Path.Combine(ProcessDirectory, "admin.pat"),
            ["Identity:Passwords:HashIterations"] = "1000",
        });
        await service.WaitReadyAsync(TimeSpan.FromSeconds(60));
        var body = new byte[BodyBytes];
        Array.Fill(body, (byte)'x');
        Encoding.ASCII.GetBytes("{\"name\":\"").CopyTo(body, 0);
        var before = ResidentBytes(service.ProcessId);
        using var sampling = new CancellationTokenSource();
        var peak = SamplePeakAsync(service.ProcessId, sampling.Token);

        // half announce their length, half are sent chunked (the limit then cuts them off while they are read)
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => PostAsync(service.RestAddress, i % 2 == 0 ? "/MANAGEMENT/v1/orgs" : "/Management/V1/users/1/PASSWORD/_INITIALIZE/", body, chunked: i % 2 == 1)));
        await Task.Delay(200);
        await sampling.CancelAsync();
        var growth = Math.Max(await peak, ResidentBytes(service.ProcessId)) - before;
        output.WriteLine($"VmRSS before {before / 1024} KB, peak growth {growth / 1024} KB");

        foreach (var (status, content) in responses)
        {
            Assert.True(status == HttpStatusCode.RequestEntityTooLarge, $"expected 413, got {status}: {content}");
            Assert.Contains("\"id\":\"API-BodyTooLarge\"", content, StringComparison.Ordinal);
            Assert.Contains($"\"code\":{(int)StatusCode.ResourceExhausted}", content, StringComparison.Ordinal);
        }

        Assert.True(growth < AllowedGrowthBytes, $"resident memory grew by {growth / (1024 * 1024)} MB (from {before / (1024 * 1024)} MB)");
        Assert.False(service.HasExited, service.Output);
    }

    /// <summary>
    /// HTTP/1.1 over a raw socket, as an attacker sends it: the body is written while the answer is read,
    /// and sending stops as soon as the answer has come (HttpClient would report the reset instead).
    /// </summary>
    private static async Task<(HttpStatusCode Status, string Content)> PostAsync(Uri address, string path, byte[] body, bool chunked)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        var head = $"POST {path} HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/json\r\nConnection: close\r\n"
            + (chunked ? "Transfer-Encoding: chunked\r\n" : $"Content-Length: {body.Length}\r\n") + "\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var answer = ReadAnswerAsync(stream);
        const int chunk = 64 * 1024;
        try
        {
            for (var offset = 0; offset < body.Length && !answer.IsCompleted; offset += chunk)
            {
                var length = Math.Min(chunk, body.Length - offset);
                if (chunked)
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"{length:x}\r\n"));
                }

                await stream.WriteAsync(body.AsMemory(offset, length));
                if (chunked)
                {
                    await stream.WriteAsync("\r\n"u8.ToArray());
                }
            }

            if (chunked && !answer.IsCompleted)
            {
                await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
            }
        }
        catch (IOException)
        {
            // the server closed the connection after answering: the answer is what counts
        }

        var text = await answer.WaitAsync(TimeSpan.FromSeconds(15));
        var status = (HttpStatusCode)int.Parse(text.Split(' ', 3)[1], CultureInfo.InvariantCulture);
        var separator = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (status, separator < 0 ? string.Empty : text[(separator + 4)..]);
    }

    /// <summary>Reads until the server closes the connection (the request asked it to, after answering).</summary>
    private static async Task<string> ReadAnswerAsync(NetworkStream stream)
    {
        var received = new StringBuilder();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                received.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
        }
        catch (IOException)
        {
        }

        return received.ToString();
    }

    private static async Task<long> SamplePeakAsync(int pid, CancellationToken cancellationToken)
    {
        var peak = 0L;
        while (!cancellationToken.IsCancellationRequested)
        {
            peak = Math.Max(peak, ResidentBytes(pid));
            try
            {
                await Task.Delay(10, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return peak;
    }

    /// <summary>VmRSS of /proc/&lt;pid&gt;/status, in bytes.</summary>
    private static long ResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kilobytes = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return kilobytes * 1024;
    }
}
