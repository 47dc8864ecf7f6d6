using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Users.ListUsers;
using Identity.Domain.Common;
using Identity.Domain.Users;
using Identity.Infrastructure.Persistence;
using Identity.Infrastructure.Persistence.Search;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Identity.Bench;

/// <summary>
/// ListUsers at scale (bench/list-users.sh): seeds an org with many users straight into the database, then calls
/// ListUsers over REST one request at a time with a fresh random value each time, per query kind, and prints
/// latency percentiles and the query plans of the page and of the count.
/// </summary>
internal static class SearchBench
{
    /// <summary>
    /// User i: user name "user{i}", email "User{i}@Example{i % 10}.test" for even i and the same in lower case for odd
    /// i, first name "First{i % 500}", last name "Last{i % 5000}"; every 100th user locked, every 25th (from 1) inactive,
    /// the rest active; all humans.
    /// </summary>
    public static async Task<int> SeedAsync(string provider, string connectionString, string org, int users)
    {
        var sqlite = provider == "sqlite";
        var stopwatch = Stopwatch.StartNew();
        await using DbConnection connection = sqlite ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var prefix = DateTime.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture)[..10];
        const string email = "CASE WHEN i % 2 = 0 THEN 'User' || i || '@Example' || (i % 10) || '.test' ELSE 'user' || i || '@example' || (i % 10) || '.test' END";
        var columns = "Id, OrgId, UserName, UserNameKey, Type, State, FirstName, LastName, NickName, DisplayName, PreferredLanguage, Gender, Email, EmailKey, "
            + "IsEmailVerified, Phone, IsPhoneVerified, PasswordChangeRequired, PasswordCodeFailedAttempts, Sequence, CreatedAt, ChangedAt";
        var values = $"""
            {(sqlite ? "@prefix || printf('%08d', i)" : "@prefix || lpad(i::text, 8, '0')")}, @org, 'user' || i, 'USER' || i, 1,
            CASE WHEN i % 100 = 0 THEN 4 WHEN i % 25 = 1 THEN 2 ELSE 1 END,
            'First' || (i % 500), 'Last' || (i % 5000), '', 'First' || (i % 500) || ' Last' || (i % 5000), 'en', 0,
            {email}, upper({email}), {(sqlite ? "1" : "true")}, '', {(sqlite ? "0" : "false")}, {(sqlite ? "0" : "false")}, 0, 1, @now, @now
            """;
        await using var command = connection.CreateCommand();
        command.CommandTimeout = 0;
        command.CommandText = sqlite
            ? $"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < @count - 1) INSERT INTO users ({columns}) SELECT {values} FROM n;"
            : $"INSERT INTO users ({Quote(columns)}) SELECT {values} FROM generate_series(0, @count - 1) AS i;";
        Add(command, "@prefix", prefix);
        Add(command, "@org", org);
        Add(command, "@count", users);
        Add(command, "@now", DateTimeOffset.UtcNow);
        await command.ExecuteNonQueryAsync();

        // the seeded users' state counts, as the module keeps them on its own saves (one row per state)
        command.CommandText = sqlite
            ? "INSERT INTO user_state_counts (OrgId, State, Delta) SELECT OrgId, State, COUNT(*) FROM users WHERE OrgId = @org AND Id LIKE @prefix || '%' GROUP BY OrgId, State;"
            : "INSERT INTO user_state_counts (\"OrgId\", \"State\", \"Delta\") SELECT \"OrgId\", \"State\", COUNT(*) FROM users WHERE \"OrgId\" = @org AND \"Id\" LIKE @prefix || '%' GROUP BY \"OrgId\", \"State\";";
        await command.ExecuteNonQueryAsync();

        // the statistics a planner needs (and PostgreSQL's visibility map), as PostgreSQL's autovacuum and the module's
        // PRAGMA optimize at each start keep them
        command.Parameters.Clear();
        command.CommandText = sqlite ? "ANALYZE;" : "VACUUM ANALYZE users;";
        await command.ExecuteNonQueryAsync();
        Console.WriteLine(FormattableString.Invariant($"seeded={users} seconds={stopwatch.Elapsed.TotalSeconds:F0}"));
        return 0;
    }

    public static async Task<int> RunAsync(string provider, string connectionString, string url, string token, string org, string domain, int users, int requests, int maxSeconds, string output)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        http.DefaultRequestHeaders.Add("x-zitadel-orgid", org);
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"### ListUsers, {users:N0} users in the org, {provider}");
        report.AppendLine();
        report.AppendLine("One request at a time over REST (HTTP/1.1, keep-alive), each with a fresh random value; first page of 100 in user-name order, with details.totalResult.");
        report.AppendLine();
        report.AppendLine("| query | matches | requests | p50 ms | p95 ms | p99 ms | max ms |");
        report.AppendLine("|---|---|---|---|---|---|---|");
        var plans = new StringBuilder();
        await using var db = Context(provider, connectionString);
        var search = new UserSearch(db);
        foreach (var scenario in Scenarios(users))
        {
            var latencies = new List<double>();
            long matches = 0;
            var clock = Stopwatch.StartNew();
            for (var n = -10; n < requests && clock.Elapsed.TotalSeconds < maxSeconds; n++)
            {
                var i = scenario.Pick(Random.Shared);
                using var content = new StringContent(scenario.Body(i), Encoding.UTF8, "application/json");
                var started = Stopwatch.GetTimestamp();
                using var response = await http.PostAsync(new Uri("/management/v1/users/_search", UriKind.Relative), content);
                var body = await response.Content.ReadAsStringAsync();
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"{scenario.Name}: {(int)response.StatusCode} {body}");
                }

                if (n >= 0)
                {
                    latencies.Add(elapsed);
                    using var json = System.Text.Json.JsonDocument.Parse(body);
                    matches = json.RootElement.GetProperty("details").TryGetProperty("totalResult", out var total) ? long.Parse(total.GetString()!, CultureInfo.InvariantCulture) : 0;
                }
            }

            latencies.Sort();
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {scenario.Name} | {matches:N0} | {latencies.Count} | {At(latencies, 0.50):F1} | {At(latencies, 0.95):F1} | {At(latencies, 0.99):F1} | {latencies[^1]:F1} |");
            Console.Error.WriteLine($"== {provider} {scenario.Name}: p99 {At(latencies, 0.99):F1} ms over {latencies.Count}");

            var condition = scenario.Condition(scenario.Pick(Random.Shared));
            var request = new UserSearchRequest(new OrgId(org), domain, condition is null ? [] : [condition], UserSortColumn.UserName, true, 0, 100);
            var matching = search.Matching(request);
            plans.AppendLine(CultureInfo.InvariantCulture, $"#### {scenario.Name}");
            plans.AppendLine();
            plans.AppendLine("```");
            plans.AppendLine("-- page");
            plans.Append(await PlanAsync(db, provider, search.Page(matching, request).CreateDbCommand()));
            plans.AppendLine("-- total (only when the page is full)");
            plans.Append(search.StateCounts(request) is { } counts
                ? await PlanAsync(db, provider, counts.Select(c => c.Delta).CreateDbCommand(), sum: true)
                : await PlanAsync(db, provider, matching.Select(u => u.Id).CreateDbCommand(), count: true));
            plans.AppendLine("```");
            plans.AppendLine();
        }

        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Query plans ({provider}):");
        report.AppendLine();
        report.Append(plans);
        await File.AppendAllTextAsync(output, report.ToString());
        Console.WriteLine(report);
        return 0;
    }

    private sealed record Scenario(string Name, Func<Random, int> Pick, Func<int, UserCondition?> Condition, Func<int, string> Json)
    {
        public string Body(int i) =>
            Condition(i) is null
                ? """{"query":{"limit":100,"asc":true}}"""
                : $$"""{"query":{"limit":100,"asc":true},"sortingColumn":"USER_FIELD_NAME_USER_NAME","queries":[{{Json(i)}}]}""";
    }

    private static IEnumerable<Scenario> Scenarios(int users)
    {
        Func<Random, int> any = r => r.Next(users);
        // at 1,000,000 users 11 matches each: "user{i}" and "user{i}0" .. "user{i}9"
        var low = Math.Min(10_000, users / 100);
        Func<Random, int> fiveDigits = r => r.Next(low, Math.Max(low + 1, Math.Min(100_000, users / 10)));
        static string Email(int i) => i % 2 == 0 ? $"User{i}@Example{i % 10}.test" : $"user{i}@example{i % 10}.test";
        static string Text(string query, string field, string value, string method) =>
            "{\"" + query + "\":{\"" + field + "\":\"" + value + "\",\"method\":\"" + method + "\"}}";
        static UserCondition TextCondition(UserTextField field, string value, TextMatch match) => new UserTextCondition(field, new TextQuery(value, match));

        yield return new("user name equals", any, i => TextCondition(UserTextField.UserName, $"user{i}", TextMatch.Equals),
            i => Text("userNameQuery", "userName", $"user{i}", "TEXT_QUERY_METHOD_EQUALS"));
        yield return new("user name equals ignore case", any, i => TextCondition(UserTextField.UserName, $"USER{i}", TextMatch.EqualsIgnoreCase),
            i => Text("userNameQuery", "userName", $"USER{i}", "TEXT_QUERY_METHOD_EQUALS_IGNORE_CASE"));
        yield return new("user name starts with", fiveDigits, i => TextCondition(UserTextField.UserName, $"user{i}", TextMatch.StartsWith),
            i => Text("userNameQuery", "userName", $"user{i}", "TEXT_QUERY_METHOD_STARTS_WITH"));
        yield return new("user name starts with ignore case", fiveDigits, i => TextCondition(UserTextField.UserName, $"User{i}", TextMatch.StartsWithIgnoreCase),
            i => Text("userNameQuery", "userName", $"User{i}", "TEXT_QUERY_METHOD_STARTS_WITH_IGNORE_CASE"));
        yield return new("email equals", any, i => TextCondition(UserTextField.Email, Email(i), TextMatch.Equals),
            i => Text("emailQuery", "emailAddress", Email(i), "TEXT_QUERY_METHOD_EQUALS"));
        yield return new("email equals ignore case", any, i => TextCondition(UserTextField.Email, Email(i).ToUpperInvariant(), TextMatch.EqualsIgnoreCase),
            i => Text("emailQuery", "emailAddress", Email(i).ToUpperInvariant(), "TEXT_QUERY_METHOD_EQUALS_IGNORE_CASE"));
        yield return new("email starts with", fiveDigits, i => TextCondition(UserTextField.Email, Email(i)[..^8], TextMatch.StartsWith),
            i => Text("emailQuery", "emailAddress", Email(i)[..^8], "TEXT_QUERY_METHOD_STARTS_WITH"));
        yield return new("email starts with ignore case", fiveDigits, i => TextCondition(UserTextField.Email, $"USER{i}", TextMatch.StartsWithIgnoreCase),
            i => Text("emailQuery", "emailAddress", $"USER{i}", "TEXT_QUERY_METHOD_STARTS_WITH_IGNORE_CASE"));
        yield return new("state inactive (4%)", any, _ => new UserStateCondition(UserState.Inactive), _ => """{"stateQuery":{"state":"USER_STATE_INACTIVE"}}""");
        yield return new("state locked (1%)", any, _ => new UserStateCondition(UserState.Locked), _ => """{"stateQuery":{"state":"USER_STATE_LOCKED"}}""");
        yield return new("state active (95%)", any, _ => new UserStateCondition(UserState.Active), _ => """{"stateQuery":{"state":"USER_STATE_ACTIVE"}}""");
        yield return new("no query (everyone)", any, _ => null, _ => string.Empty);
        yield return new("user name contains", fiveDigits, i => TextCondition(UserTextField.UserName, $"ser{i}", TextMatch.Contains),
            i => Text("userNameQuery", "userName", $"ser{i}", "TEXT_QUERY_METHOD_CONTAINS"));
        yield return new("email contains ignore case", fiveDigits, i => TextCondition(UserTextField.Email, $"R{i}@", TextMatch.ContainsIgnoreCase),
            i => Text("emailQuery", "emailAddress", $"R{i}@", "TEXT_QUERY_METHOD_CONTAINS_IGNORE_CASE"));
    }

    private static async Task<string> PlanAsync(IdentityDbContext db, string provider, DbCommand command, bool count = false, bool sum = false)
    {
        var sql = count ? $"SELECT COUNT(*) FROM ({command.CommandText}) AS matching"
            : sum ? $"SELECT SUM(counted.\"Delta\") FROM ({command.CommandText}) AS counted"
            : command.CommandText;
        command.CommandText = provider == "sqlite" ? "EXPLAIN QUERY PLAN " + sql : "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + sql;
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync();
        }

        command.Connection = connection;
        var text = new StringBuilder();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            text.AppendLine(provider == "sqlite" ? $"{reader.GetValue(1)} {reader.GetValue(3)}" : reader.GetString(0));
        }

        return text.ToString();
    }

    private static IdentityDbContext Context(string provider, string connectionString) => provider == "sqlite"
        ? new SqliteIdentityDbContext(new DbContextOptionsBuilder<SqliteIdentityDbContext>().UseSqlite(connectionString).AddInterceptors(new SqliteFunctions()).Options)
        : new PostgresIdentityDbContext(new DbContextOptionsBuilder<PostgresIdentityDbContext>().UseNpgsql(connectionString).Options);

    private static double At(List<double> sorted, double quantile) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(quantile * sorted.Count) - 1)];

    private static string Quote(string columns) => string.Join(", ", columns.Split(", ").Select(c => $"\"{c}\""));

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
