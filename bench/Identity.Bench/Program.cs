using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;
using Identity.Bench;
using Identity.Infrastructure.Security;
using Microsoft.Data.Sqlite;

// The measuring parts of bench/run.sh (and bench/oauth.sh) that need .NET: the raw hasher, seeding, percentiles, assertions, and the
// BenchmarkDotNet run of the in-process pipeline. No load generator lives here: load comes from wrk and h2load.
return args.FirstOrDefault() switch
{
    "hash" => Hash(Option("--parallel", 2), Option("--iterations", IdentityPasswordHasher.DefaultIterations), Option("--seconds", 10), args.Contains("--verify")),
    "seed" => await SeedAsync(Text("--db"), Text("--org"), Option("--users", 1000), Text("--ids-out"), Option("--ids", 1000),
        TextOrNull("--password"), Option("--iterations", IdentityPasswordHasher.DefaultIterations), TextOrNull("--names-out")),
    "percentiles" => Percentiles(Text("--h2load-log"), args.Contains("--ok-only"), Option("--status", 0)),
    "frame" => Frame(Text("--user"), Text("--password"), Text("--out")),
    "pipeline" => RunPipeline(),
    "assertion" => Assertion(Text("--key"), Text("--audience")),
    "search-seed" => await SearchBench.SeedAsync(Text("--provider"), Text("--connection"), Text("--org"), Option("--users", 1_000_000)),
    "search" => await SearchBench.RunAsync(Text("--provider"), Text("--connection"), Text("--url"), Text("--token"), Text("--org"), Text("--domain"),
        Option("--users", 1_000_000), Option("--requests", 500), Option("--max-seconds", 30), Text("--out")),
    _ => Usage(),
};

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

string? TextOrNull(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

string Text(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{name} is required");
}

static int Usage()
{
    Console.Error.WriteLine("usage: hash --parallel P --iterations N --seconds S [--verify] | seed --db FILE --org ORG --users N --ids-out FILE --ids K [--password P --iterations N --names-out FILE] | percentiles --h2load-log FILE [--ok-only | --status S] | frame --user ID --password P --out FILE | pipeline | assertion --key KEY_FILE --audience ISSUER");
    return 2;
}

// Raw PasswordHasher throughput at a given parallelism: hashes per second, and the time per hash (mean, p50, p99).
// With --verify: IdentityPasswordHasher.Verify of the right password against one hash made at the same
// iteration count (what a successful sign-in check costs); the output keeps the same field names.
static int Hash(int parallel, int iterations, int seconds, bool verify)
{
    const string Password = "Correct-Horse-42!";
    var hasher = new IdentityPasswordHasher(iterations);
    var stored = hasher.Hash(Identity.Domain.Passwords.PasswordPolicy.NormalForm(Password));
    if (verify && hasher.Verify(stored, Password) != Identity.Domain.Passwords.PasswordVerification.Success)
    {
        throw new InvalidOperationException("the hasher does not verify its own hash");
    }

    var clock = Stopwatch.StartNew();
    var times = Enumerable.Range(0, parallel).Select(_ => new List<double>()).ToArray();
    var threads = Enumerable.Range(0, parallel).Select(t => new Thread(() =>
    {
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            var start = Stopwatch.GetTimestamp();
            if (verify)
            {
                hasher.Verify(stored, Password);
            }
            else
            {
                hasher.Hash(Password);
            }

            times[t].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    })).ToList();
    threads.ForEach(t => t.Start());
    threads.ForEach(t => t.Join());
    var elapsed = clock.Elapsed.TotalSeconds;
    var all = times.SelectMany(t => t).Order().ToArray();
    double P(double q) => all[Math.Min(all.Length - 1, (int)Math.Ceiling(q * all.Length) - 1)];
    Console.WriteLine(FormattableString.Invariant(
        $"hashes_per_second={all.Length / elapsed:F2} mean_ms={all.Average():F1} p50_ms={P(0.50):F1} p99_ms={P(0.99):F1} parallel={parallel} iterations={iterations} mode={(verify ? "verify" : "hash")}"));
    return 0;
}

// Bulk insert of human users (initial state, sequence 1, one event each) straight into the SQLite file.
// With --password: active users that all share one hash of it, made once by the real hasher at --iterations
// (what SetHumanInitialPassword would store), so they can sign in; --names-out lists their user names.
static async Task<int> SeedAsync(string db, string org, int users, string idsOut, int ids, string? password, int iterations, string? namesOut)
{
    var passwordHash = password is null ? null : new IdentityPasswordHasher(iterations).Hash(Identity.Domain.Passwords.PasswordPolicy.NormalForm(password));
    await using var connection = new SqliteConnection($"Data Source={db}");
    await connection.OpenAsync();
    await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
    var insertUser = connection.CreateCommand();
    insertUser.Transaction = transaction;
    insertUser.CommandText = """
        INSERT INTO users (Id, OrgId, UserName, UserNameKey, Type, State, FirstName, LastName, NickName, DisplayName, PreferredLanguage,
          Gender, Email, IsEmailVerified, Phone, IsPhoneVerified, PasswordChangeRequired, Sequence, CreatedAt, ChangedAt, PasswordHash, PasswordChangedAt)
        VALUES ($id, $org, $name, $key, 1, $state, 'Bench', 'User', '', 'Bench User', 'en', 0, $email, 0, '', 0, 0, 1, $now, $now, $hash, $changed)
        """;
    var insertEvent = connection.CreateCommand();
    insertEvent.Transaction = transaction;
    insertEvent.CommandText = """
        INSERT INTO events (AggregateType, AggregateId, Sequence, EventType, CreatedAt, EditorId, ResourceOwner, Payload)
        VALUES ('user', $id, 1, 'user.human.added', $now, 'bench', $org, '{"seeded":true}')
        """;
    var now = DateTimeOffset.UtcNow;
    var (id, name, key, email) = (insertUser.Parameters.Add("$id", SqliteType.Text), insertUser.Parameters.Add("$name", SqliteType.Text),
        insertUser.Parameters.Add("$key", SqliteType.Text), insertUser.Parameters.Add("$email", SqliteType.Text));
    insertUser.Parameters.AddWithValue("$org", org);
    insertUser.Parameters.AddWithValue("$now", now);
    insertUser.Parameters.AddWithValue("$state", passwordHash is null ? 6 : 1);
    insertUser.Parameters.AddWithValue("$hash", (object?)passwordHash ?? DBNull.Value);
    insertUser.Parameters.AddWithValue("$changed", passwordHash is null ? DBNull.Value : now);
    var eventId = insertEvent.Parameters.Add("$id", SqliteType.Text);
    insertEvent.Parameters.AddWithValue("$org", org);
    insertEvent.Parameters.AddWithValue("$now", now);
    var firstIds = new List<string>();
    var firstNames = new List<string>();
    var prefix = DateTime.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture);
    for (var i = 0; i < users; i++)
    {
        var userId = $"{prefix}{i:D8}";
        id.Value = eventId.Value = userId;
        name.Value = $"bench-{prefix}-{i}";
        key.Value = $"BENCH-{prefix}-{i}";
        email.Value = $"bench{i}@bench.test";
        await insertUser.ExecuteNonQueryAsync();
        await insertEvent.ExecuteNonQueryAsync();
        if (firstIds.Count < ids)
        {
            firstIds.Add(userId);
            firstNames.Add((string)name.Value);
        }
    }

    await transaction.CommitAsync();
    await File.WriteAllLinesAsync(idsOut, firstIds);
    if (namesOut is not null)
    {
        await File.WriteAllLinesAsync(namesOut, firstNames);
    }

    Console.WriteLine(FormattableString.Invariant($"seeded={users}"));
    return 0;
}

// A JWT-profile assertion (RFC 7523) signed with a key file of AddMachineKey, as ZITADEL's SDKs sign theirs: iss = sub =
// the user, aud = the issuer, one hour, no jti. Printed on stdout for bench/oauth.sh (the key file stays on disk).
static int Assertion(string keyFile, string audience)
{
    using var file = System.Text.Json.JsonDocument.Parse(File.ReadAllText(keyFile));
    var root = file.RootElement;
    using var rsa = System.Security.Cryptography.RSA.Create();
    rsa.ImportFromPem(root.GetProperty("key").GetString());
    var userId = root.GetProperty("userId").GetString()!;
    var now = DateTime.UtcNow;
    var handler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
    Console.WriteLine(handler.CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
    {
        Issuer = userId,
        Claims = new Dictionary<string, object> { ["sub"] = userId, ["aud"] = audience },
        IssuedAt = now,
        Expires = now.AddHours(1),
        SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(
            new Microsoft.IdentityModel.Tokens.RsaSecurityKey(rsa) { KeyId = root.GetProperty("keyId").GetString() },
            Microsoft.IdentityModel.Tokens.SecurityAlgorithms.RsaSha256),
    }));
    return 0;
}

// h2load --log-file lines: start time (µs), HTTP status, request time (µs). Prints counts and percentiles in ms:
// of every answer, of the successful ones (200 or 201: CreateSession answers 201) with --ok-only, or of one
// status with --status; statuses= counts every status seen.
static int Percentiles(string log, bool okOnly, int status)
{
    var rows = File.ReadLines(log).Select(l => l.Split('\t')).Where(p => p.Length >= 3)
        .Select(p => (Status: int.Parse(p[1], CultureInfo.InvariantCulture), Ms: long.Parse(p[2], CultureInfo.InvariantCulture) / 1000.0)).ToList();
    static bool Ok(int s) => s is 200 or 201;
    var times = rows.Where(r => status != 0 ? r.Status == status : !okOnly || Ok(r.Status)).Select(r => r.Ms).Order().ToArray();
    double P(double q) => times.Length == 0 ? double.NaN : times[Math.Min(times.Length - 1, (int)Math.Ceiling(q * times.Length) - 1)];
    var refused = rows.Count(r => r.Status is 429 or 503);
    var other = rows.Count(r => !Ok(r.Status) && r.Status is not (429 or 503));
    var statuses = string.Join(',', rows.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => FormattableString.Invariant($"{g.Key}:{g.Count()}")));
    Console.WriteLine(FormattableString.Invariant(
        $"total={rows.Count} ok={rows.Count(r => Ok(r.Status))} refused={refused} other={other} p50_ms={P(0.50):F1} p95_ms={P(0.95):F1} p99_ms={P(0.99):F1} n={times.Length} statuses={(statuses.Length == 0 ? "-" : statuses)}"));
    return 0;
}

// A gRPC frame (uncompressed flag, big-endian length, message) of SetHumanInitialPasswordRequest, for h2load -d.
static int Frame(string user, string password, string output)
{
    var message = Google.Protobuf.MessageExtensions.ToByteArray(new Zitadel.Management.V1.SetHumanInitialPasswordRequest { UserId = user, Password = password });
    var frame = new byte[5 + message.Length];
    System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), message.Length);
    message.CopyTo(frame, 5);
    File.WriteAllBytes(output, frame);
    return 0;
}

static int RunPipeline()
{
    var summary = BenchmarkRunner.Run<PipelineBenchmarks>();
    return summary.HasCriticalValidationErrors ? 1 : 0;
}
