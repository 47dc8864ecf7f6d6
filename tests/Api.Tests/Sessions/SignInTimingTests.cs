using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Identity.Api.Tests.Support;
using Xunit.Abstractions;

namespace Identity.Api.Tests.Sessions;

/// <summary>The real host on SQLite with a hash cost at which the hash dominates a failed check.</summary>
public sealed class SqliteSignInTimingFactory : ApiFactory
{
    public SqliteSignInTimingFactory() => Settings["Identity:Passwords:HashIterations"] = SignInTiming.Iterations;
}

/// <summary>The same on PostgreSQL.</summary>
public sealed class PostgresSignInTimingFactory : PostgresApiFactory
{
    public PostgresSignInTimingFactory() => Settings["Identity:Passwords:HashIterations"] = SignInTiming.Iterations;
}

[Collection(RunsAlone.Name)]
public sealed class SqliteSignInTimingTests(SqliteSignInTimingFactory factory, ITestOutputHelper output) : SignInTimingTests<SqliteSignInTimingFactory>(factory, output);

[Collection(RunsAlone.Name)]
public sealed class PostgresSignInTimingTests(PostgresSignInTimingFactory factory, ITestOutputHelper output) : SignInTimingTests<PostgresSignInTimingFactory>(factory, output);

internal static class SignInTiming
{
    /// <summary>About 15-30 ms per hash on the 2-core build machine: well above the rest of a check (a few ms).</summary>
    public const string Iterations = "30000";
}

/// <summary>
/// A failed password check takes about the same time whatever the reason (unknown login name, removed user,
/// machine user, wrong password of a real user): without a user to check, the password is verified against
/// a dummy hash. Measured through the real host (REST), the kinds alternated round by round so that machine
/// load drifts hit all of them alike, and compared on medians with a generous bound.
/// </summary>
public abstract class SignInTimingTests<TFactory>(TFactory factory, ITestOutputHelper output) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private const string Password = "Correct-Horse-7-Battery";
    private const string WrongPassword = "Wrong-Horse-7-Battery";
    private const int WarmUpRounds = 5;
    private const int Rounds = 30;

    /// <summary>Each kind's median may differ from the wrong password's by 35% of it, or by this, whichever is larger.</summary>
    private static readonly TimeSpan Floor = TimeSpan.FromMilliseconds(4);

    [SkippableFact]
    public async Task Failed_checks_of_unknown_removed_machine_and_real_users_take_about_the_same_time()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var org = factory.Rest(factory.AdminToken, orgId);
        var suffix = Guid.NewGuid().ToString("N")[..8];

        var userId = Id(await Scenario.ImportAsync(admin, orgId, "timing-" + suffix, Password));
        var loginName = await LoginNameAsync(org, userId);
        var domain = loginName[(loginName.LastIndexOf('@') + 1)..];

        var removedId = Id(await Scenario.ImportAsync(admin, orgId, "removed-" + suffix, Password));
        var removedLogin = await LoginNameAsync(org, removedId);
        await OkAsync(await org.DeleteAsync(new Uri($"/management/v1/users/{removedId}", UriKind.Relative)));

        var machineName = "machine-" + suffix;
        await OkAsync(await org.PostAsJsonAsync("/management/v1/users/machine", new { userName = machineName, name = "Machine" }));

        // the removed user and the machine user sign in with the right password: only the wrong password of
        // the real user makes their checks fail
        var kinds = new (string Name, string LoginName, string Password)[]
        {
            ("wrong password", loginName, WrongPassword),
            ("unknown login name", "nobody-" + suffix + "@" + domain, Password),
            ("removed user", removedLogin, Password),
            ("machine user", machineName + "@" + domain, Password),
        };
        var samples = kinds.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < WarmUpRounds + Rounds; round++)
        {
            for (var k = 0; k < kinds.Length; k++)
            {
                // a different kind goes first in each round
                var i = (k + round) % kinds.Length;
                var start = Stopwatch.GetTimestamp();
                var response = await admin.PostAsJsonAsync("/v2/sessions", new { checks = new { user = new { loginName = kinds[i].LoginName }, password = new { password = kinds[i].Password } } });
                var elapsed = Stopwatch.GetElapsedTime(start);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest && body.Contains("COMMAND-3M0fs", StringComparison.Ordinal), $"{kinds[i].Name}: {(int)response.StatusCode} {body}");
                if (round >= WarmUpRounds)
                {
                    samples[i].Add(elapsed.TotalMilliseconds);
                }
            }
        }

        var medians = samples.Select(Median).ToArray();
        var bound = Math.Max(0.35 * medians[0], Floor.TotalMilliseconds);
        var summary = string.Join(", ", kinds.Select((kind, i) => FormattableString.Invariant($"{kind.Name} {medians[i]:F1} ms")));
        output.WriteLine(FormattableString.Invariant($"medians of {Rounds} failed checks each: {summary}; bound {bound:F1} ms"));
        for (var i = 1; i < kinds.Length; i++)
        {
            Assert.True(
                Math.Abs(medians[i] - medians[0]) <= bound,
                FormattableString.Invariant($"{kinds[i].Name} differs from the wrong password by more than {bound:F1} ms (medians: {summary})"));
        }

        // the bound is meaningful only if the hash dominates: a check without it would stand out
        Assert.True(medians[0] > 2 * Floor.TotalMilliseconds, $"the hash is too cheap for this test (medians: {summary})");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Id(JsonElement imported) => imported.GetProperty("userId").GetString()!;

    private static async Task<string> LoginNameAsync(HttpClient org, string userId)
    {
        var response = await org.GetAsync(new Uri($"/management/v1/users/{userId}", UriKind.Relative));
        await OkAsync(response);
        using var user = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return user.RootElement.GetProperty("user").GetProperty("preferredLoginName").GetString()!;
    }

    private static async Task OkAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
    }
}
