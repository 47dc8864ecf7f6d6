using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Identity.Api.Tests.Support;
using Zitadel.Management.V1;

namespace Identity.Api.Tests;

/// <summary>
/// The text rule of names and identifiers, client-chosen user ids, the invisible-character and guessability
/// rules of passwords, and IDNA org domains, on both protocols and both tested databases.
/// </summary>
public sealed class SqliteTextRulesTests(ApiFactory factory) : TextRulesTests<ApiFactory>(factory);

public sealed class PostgresTextRulesTests(PostgresApiFactory factory) : TextRulesTests<PostgresApiFactory>(factory);

public abstract class TextRulesTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private const string TextInvalid = "TEXT-InvalidCharacter";
    private const string Validation = "VALIDATION-InvalidArgument";
    private const string PasswordInvalid = "POLICY-PasswordInvalid";

    public static TheoryData<string> BadCharacters => new() { "\u0000", "\u200B", "\u202E", "\u0007" };

    // ---- names ----------------------------------------------------------------------------------

    [SkippableTheory]
    [MemberData(nameof(BadCharacters))]
    public async Task Org_names_with_invalid_characters_are_refused_on_rest_and_grpc(string bad)
    {
        var admin = factory.Rest(factory.Start());
        var name = "Acme" + bad + Guid.NewGuid().ToString("N")[..8];

        var rest = await admin.PostAsJsonAsync("/management/v1/orgs", new { name });
        var grpc = await Assert.ThrowsAsync<RpcException>(() => factory.Grpc().AddOrgAsync(new AddOrgRequest { Name = name }, ApiFactory.Headers(factory.AdminToken)).ResponseAsync);

        Assert.Contains(TextInvalid, await ContractAssert.RestErrorAsync(rest, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, Validation));
        Assert.Contains(TextInvalid, ContractAssert.GrpcError(grpc, StatusCode.InvalidArgument, Validation));
    }

    public static TheoryData<string, string> HumanFields => new()
    {
        { "userName", "\u0000" },
        { "userName", "\u200B" },
        { "firstName", "\u202E" },
        { "lastName", "\u0000" },
        { "nickName", "\u2066" },
        { "displayName", "\u0000" },
        { "email", "\u200B" },
        { "email", "\u0000" },
    };

    [SkippableTheory]
    [MemberData(nameof(HumanFields))]
    public async Task Human_user_fields_with_invalid_characters_are_refused_on_rest_and_grpc(string field, string bad)
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        string Value(string name, string good) => name == field ? good.Insert(2, bad) : good;
        var userName = Value("userName", "daisy-" + Guid.NewGuid().ToString("N")[..6]);
        var profile = new { firstName = Value("firstName", "Daisy"), lastName = Value("lastName", "Duck"), nickName = Value("nickName", "Dee"), displayName = Value("displayName", "Daisy Duck") };
        var email = Value("email", "daisy@duck.test");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/management/v1/users/human/_import")
        {
            Content = JsonContent.Create(new { userName, profile, email = new { email } }),
            Headers = { { "x-zitadel-orgid", orgId } },
        };
        var rest = await admin.SendAsync(request);
        var grpcRequest = new ImportHumanUserRequest
        {
            UserName = userName,
            Profile = new ImportHumanUserRequest.Types.Profile { FirstName = profile.firstName, LastName = profile.lastName, NickName = profile.nickName, DisplayName = profile.displayName },
            Email = new ImportHumanUserRequest.Types.Email { Email_ = email },
        };
        var grpc = await Assert.ThrowsAsync<RpcException>(() => factory.Grpc().ImportHumanUserAsync(grpcRequest, ApiFactory.Headers(factory.AdminToken, orgId)).ResponseAsync);

        Assert.Contains(TextInvalid, await ContractAssert.RestErrorAsync(rest, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, Validation));
        Assert.Contains(TextInvalid, ContractAssert.GrpcError(grpc, StatusCode.InvalidArgument, Validation));
    }

    [SkippableTheory]
    [InlineData("userName")]
    [InlineData("name")]
    [InlineData("description")]
    public async Task Machine_user_fields_with_a_nul_or_bidi_override_are_refused_on_rest_and_grpc(string field)
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var owner = factory.Rest(factory.AdminToken, orgId);
        foreach (var bad in new[] { "\u0000", "\u202E" })
        {
            string Value(string name, string good) => name == field ? good + bad : good;
            var body = new { userName = Value("userName", "bot-" + Guid.NewGuid().ToString("N")[..6]), name = Value("name", "Bot"), description = Value("description", "does things") };

            var rest = await owner.PostAsJsonAsync("/management/v1/users/machine", body);
            var grpc = await Assert.ThrowsAsync<RpcException>(() => factory.Grpc().AddMachineUserAsync(
                new AddMachineUserRequest { UserName = body.userName, Name = body.name, Description = body.description }, ApiFactory.Headers(factory.AdminToken, orgId)).ResponseAsync);

            Assert.Contains(TextInvalid, await ContractAssert.RestErrorAsync(rest, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, Validation));
            Assert.Contains(TextInvalid, ContractAssert.GrpcError(grpc, StatusCode.InvalidArgument, Validation));
        }
    }

    // ---- ids in requests --------------------------------------------------------------------------

    [SkippableTheory]
    [InlineData("GET", "/management/v1/users/{0}")]
    [InlineData("POST", "/management/v1/users/{0}/password/_initialize")]
    [InlineData("POST", "/management/v1/users/{0}/_deactivate")]
    [InlineData("POST", "/management/v1/users/{0}/_lock")]
    [InlineData("DELETE", "/management/v1/users/{0}")]
    [InlineData("POST", "/management/v1/users/{0}/changes/_search")]
    [InlineData("POST", "/management/v1/users/{0}/pats")]
    public async Task A_control_or_format_character_in_a_user_id_in_the_url_is_refused(string method, string template)
    {
        // A NUL (%00) never reaches the module: Kestrel refuses such a path itself (see UrlNulOverRealKestrelTests);
        // the in-memory test server refuses to send it at all.
        var admin = factory.Rest(factory.Start());
        foreach (var encoded in new[] { "12%E2%80%8B3", "%E2%80%AE1", "1%07", "1%0A" })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), string.Format(System.Globalization.CultureInfo.InvariantCulture, template, encoded));
            if (method == "POST")
            {
                request.Content = JsonContent.Create(new { password = "Correct-Horse-42!" });
            }

            var response = await admin.SendAsync(request);

            Assert.Contains(TextInvalid, await ContractAssert.RestErrorAsync(response, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, Validation));
        }
    }

    [SkippableFact]
    public async Task A_nul_in_a_user_id_is_refused_on_grpc_for_every_method_that_takes_one()
    {
        factory.Start();
        var grpc = factory.Grpc();
        var headers = ApiFactory.Headers(factory.AdminToken);
        const string id = "1\u0000";
        Func<Task>[] calls =
        [
            () => grpc.GetUserByIDAsync(new GetUserByIDRequest { Id = id }, headers).ResponseAsync,
            () => grpc.SetHumanInitialPasswordAsync(new SetHumanInitialPasswordRequest { UserId = id, Password = "Correct-Horse-42!" }, headers).ResponseAsync,
            () => grpc.DeactivateUserAsync(new DeactivateUserRequest { Id = id }, headers).ResponseAsync,
            () => grpc.ReactivateUserAsync(new ReactivateUserRequest { Id = id }, headers).ResponseAsync,
            () => grpc.LockUserAsync(new LockUserRequest { Id = id }, headers).ResponseAsync,
            () => grpc.UnlockUserAsync(new UnlockUserRequest { Id = id }, headers).ResponseAsync,
            () => grpc.RemoveUserAsync(new RemoveUserRequest { Id = id }, headers).ResponseAsync,
            () => grpc.ListUserChangesAsync(new ListUserChangesRequest { UserId = id }, headers).ResponseAsync,
            () => grpc.AddPersonalAccessTokenAsync(new AddPersonalAccessTokenRequest { UserId = id }, headers).ResponseAsync,
            () => grpc.AddOrgMemberAsync(new AddOrgMemberRequest { UserId = id, Roles = { "ORG_OWNER_VIEWER" } }, headers).ResponseAsync,
            () => grpc.ListPersonalAccessTokensAsync(new ListPersonalAccessTokensRequest { UserId = id }, headers).ResponseAsync,
            () => grpc.GetPersonalAccessTokenByIDsAsync(new GetPersonalAccessTokenByIDsRequest { UserId = id, TokenId = "1" }, headers).ResponseAsync,
            () => grpc.GetPersonalAccessTokenByIDsAsync(new GetPersonalAccessTokenByIDsRequest { UserId = "1", TokenId = id }, headers).ResponseAsync,
            () => grpc.RemovePersonalAccessTokenAsync(new RemovePersonalAccessTokenRequest { UserId = id, TokenId = "1" }, headers).ResponseAsync,
            () => grpc.RemovePersonalAccessTokenAsync(new RemovePersonalAccessTokenRequest { UserId = "1", TokenId = id }, headers).ResponseAsync,
        ];

        foreach (var call in calls)
        {
            var ex = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Contains(TextInvalid, ContractAssert.GrpcError(ex, StatusCode.InvalidArgument, Validation));
        }
    }

    [SkippableFact]
    public async Task A_nul_in_an_org_member_user_id_in_the_body_is_refused_on_rest()
    {
        var admin = factory.Rest(factory.Start());

        var response = await admin.PostAsJsonAsync("/management/v1/orgs/me/members", new { userId = "1\u0000", roles = new[] { "ORG_OWNER_VIEWER" } });

        Assert.Contains(TextInvalid, await ContractAssert.RestErrorAsync(response, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, Validation));
    }

    // ---- client-chosen user ids -------------------------------------------------------------------

    [SkippableTheory]
    [InlineData("my bot")]
    [InlineData("bot/../admin")]
    [InlineData("bot.1")]
    [InlineData("b\u00F6t")]
    [InlineData("bot\u0000")]
    public async Task A_chosen_user_id_outside_letters_digits_underscore_and_hyphen_is_refused_on_rest_and_grpc(string userId)
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);

        var rest = await factory.Rest(factory.AdminToken, orgId).PostAsJsonAsync("/management/v1/users/machine", new { userName = "bot", name = "Bot", userId });
        var grpc = await Assert.ThrowsAsync<RpcException>(() => factory.Grpc().AddMachineUserAsync(
            new AddMachineUserRequest { UserName = "bot", Name = "Bot", UserId = userId }, ApiFactory.Headers(factory.AdminToken, orgId)).ResponseAsync);

        Assert.Contains("USER-UserIdInvalid", await ContractAssert.RestErrorAsync(rest, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, Validation));
        Assert.Contains("USER-UserIdInvalid", ContractAssert.GrpcError(grpc, StatusCode.InvalidArgument, Validation));
    }

    [SkippableFact]
    public async Task A_taken_user_id_answers_the_same_whether_it_is_taken_in_this_org_or_another()
    {
        var admin = factory.Rest(factory.Start());
        var orgA = await Scenario.AddOrgAsync(admin);
        var orgB = await Scenario.AddOrgAsync(admin);
        var userId = "bot_" + Guid.NewGuid().ToString("N");
        var created = await factory.Rest(factory.AdminToken, orgA).PostAsJsonAsync("/management/v1/users/machine", new { userName = "first", name = "Bot", userId });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());

        var sameOrg = await factory.Rest(factory.AdminToken, orgA).PostAsJsonAsync("/management/v1/users/machine", new { userName = "second", name = "Bot", userId });
        var otherOrg = await factory.Rest(factory.AdminToken, orgB).PostAsJsonAsync("/management/v1/users/machine", new { userName = "second", name = "Bot", userId });
        var grpcSame = await Assert.ThrowsAsync<RpcException>(() => factory.Grpc().AddMachineUserAsync(
            new AddMachineUserRequest { UserName = "third", Name = "Bot", UserId = userId }, ApiFactory.Headers(factory.AdminToken, orgA)).ResponseAsync);
        var grpcOther = await Assert.ThrowsAsync<RpcException>(() => factory.Grpc().AddMachineUserAsync(
            new AddMachineUserRequest { UserName = "third", Name = "Bot", UserId = userId }, ApiFactory.Headers(factory.AdminToken, orgB)).ResponseAsync);

        var sameBody = await sameOrg.Content.ReadAsStringAsync();
        var otherBody = await otherOrg.Content.ReadAsStringAsync();
        Assert.Equal(["USER-IdTaken"], await ContractAssert.RestErrorAsync(sameOrg, HttpStatusCode.Conflict, StatusCode.AlreadyExists, "USER-IdTaken"));
        Assert.Equal(["USER-IdTaken"], await ContractAssert.RestErrorAsync(otherOrg, HttpStatusCode.Conflict, StatusCode.AlreadyExists, "USER-IdTaken"));
        Assert.Equal(sameBody, otherBody);
        Assert.Equal(grpcSame.StatusCode, grpcOther.StatusCode);
        Assert.Equal(grpcSame.Status.Detail, grpcOther.Status.Detail);
        Assert.Equal(ContractAssert.GrpcError(grpcSame, StatusCode.AlreadyExists, "USER-IdTaken"), ContractAssert.GrpcError(grpcOther, StatusCode.AlreadyExists, "USER-IdTaken"));
    }

    // ---- passwords --------------------------------------------------------------------------------

    [SkippableTheory]
    [InlineData("Password1!")]
    [InlineData("Passw0rd!")]
    [InlineData("Qwerty123!")]
    [InlineData("Welcome1!")]
    [InlineData("Summer2024!")]
    public async Task Guessable_passwords_are_refused_on_rest_and_grpc(string password)
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var userId = (await Scenario.ImportAsync(admin, orgId, "gus-" + Guid.NewGuid().ToString("N")[..6])).GetProperty("userId").GetString()!;

        var rest = await Scenario.SetInitialPasswordAsync(admin, userId, password, orgId);
        var grpc = await Assert.ThrowsAsync<RpcException>(() => factory.Grpc().SetHumanInitialPasswordAsync(
            new SetHumanInitialPasswordRequest { UserId = userId, Password = password }, ApiFactory.Headers(factory.AdminToken, orgId)).ResponseAsync);

        Assert.Contains("POLICY-TooGuessable", await ContractAssert.RestErrorAsync(rest, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, PasswordInvalid));
        Assert.Contains("POLICY-TooGuessable", ContractAssert.GrpcError(grpc, StatusCode.InvalidArgument, PasswordInvalid));
    }

    [SkippableFact]
    public async Task A_common_password_with_an_invisible_character_is_refused_for_both_reasons_on_rest_and_grpc()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var userId = (await Scenario.ImportAsync(admin, orgId, "gyro-" + Guid.NewGuid().ToString("N")[..6])).GetProperty("userId").GetString()!;
        const string password = "P@ssw0rd\u200B";

        var rest = await Scenario.SetInitialPasswordAsync(admin, userId, password, orgId);
        var grpc = await Assert.ThrowsAsync<RpcException>(() => factory.Grpc().SetHumanInitialPasswordAsync(
            new SetHumanInitialPasswordRequest { UserId = userId, Password = password }, ApiFactory.Headers(factory.AdminToken, orgId)).ResponseAsync);

        var restIds = await ContractAssert.RestErrorAsync(rest, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, PasswordInvalid);
        var grpcIds = ContractAssert.GrpcError(grpc, StatusCode.InvalidArgument, PasswordInvalid);
        Assert.Equal(restIds, grpcIds);
        Assert.Contains("POLICY-InvalidCharacter", restIds);
        Assert.Contains("POLICY-TooGuessable", restIds);
    }

    [SkippableFact]
    public async Task An_invisible_character_no_longer_passes_as_the_symbol_on_rest_and_grpc()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var userId = (await Scenario.ImportAsync(admin, orgId, "ludwig-" + Guid.NewGuid().ToString("N")[..6])).GetProperty("userId").GetString()!;
        const string password = "Aaaaaaa1\u200B";

        var rest = await Scenario.SetInitialPasswordAsync(admin, userId, password, orgId);
        var grpc = await Assert.ThrowsAsync<RpcException>(() => factory.Grpc().SetHumanInitialPasswordAsync(
            new SetHumanInitialPasswordRequest { UserId = userId, Password = password }, ApiFactory.Headers(factory.AdminToken, orgId)).ResponseAsync);

        var restIds = await ContractAssert.RestErrorAsync(rest, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, PasswordInvalid);
        Assert.Contains("POLICY-InvalidCharacter", restIds);
        Assert.Contains("POLICY-HasSymbol", restIds);
        Assert.Equal(restIds, ContractAssert.GrpcError(grpc, StatusCode.InvalidArgument, PasswordInvalid));
    }

    [SkippableFact]
    public async Task Import_refuses_a_guessable_password_with_the_other_violations()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var request = new ImportHumanUserRequest
        {
            UserName = "scrooge-" + Guid.NewGuid().ToString("N")[..6],
            Profile = new ImportHumanUserRequest.Types.Profile { FirstName = "Scrooge", LastName = "McDuck" },
            Email = new ImportHumanUserRequest.Types.Email { Email_ = "scrooge@duck.test" },
            Password = "Scrooge1!",
        };

        var ex = await Assert.ThrowsAsync<RpcException>(() => factory.Grpc().ImportHumanUserAsync(request, ApiFactory.Headers(factory.AdminToken, orgId)).ResponseAsync);

        var ids = ContractAssert.GrpcError(ex, StatusCode.InvalidArgument, PasswordInvalid);
        Assert.Contains("POLICY-TooGuessable", ids);
        Assert.Contains("POLICY-PersonalInformation", ids);
    }

    [SkippableTheory]
    [InlineData("Correct-Horse-42!")]
    [InlineData("Another-Horse-43!")]
    [InlineData("Sunny-Meadow-42!")]
    [InlineData("Quiet-Harbor-77?")]
    public async Task The_documented_example_passwords_are_accepted_on_rest_and_grpc(string password)
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var first = (await Scenario.ImportAsync(admin, orgId, "minnie-" + Guid.NewGuid().ToString("N")[..6])).GetProperty("userId").GetString()!;
        var second = (await Scenario.ImportAsync(admin, orgId, "minnie-" + Guid.NewGuid().ToString("N")[..6])).GetProperty("userId").GetString()!;

        var rest = await Scenario.SetInitialPasswordAsync(admin, first, password, orgId);
        var grpc = await factory.Grpc().SetHumanInitialPasswordAsync(
            new SetHumanInitialPasswordRequest { UserId = second, Password = password }, ApiFactory.Headers(factory.AdminToken, orgId));

        Assert.True(rest.IsSuccessStatusCode, await rest.Content.ReadAsStringAsync());
        Assert.Equal(2ul, grpc.Details.Sequence);
    }

    // ---- org domains ----------------------------------------------------------------------------

    [SkippableFact]
    public async Task Orgs_named_without_ascii_letters_get_distinct_idna_domains_on_rest_and_grpc()
    {
        var admin = factory.Rest(factory.Start());
        var suffix = Cyrillic(Guid.NewGuid());
        var restName = "Ромашка " + suffix;
        var grpcName = "Лютик " + suffix;

        var restOrg = await Scenario.AddOrgAsync(admin, restName);
        var grpcOrg = await factory.Grpc().AddOrgAsync(new AddOrgRequest { Name = grpcName }, ApiFactory.Headers(factory.AdminToken));

        var restDomain = JsonDocument.Parse(await factory.Rest(factory.AdminToken, restOrg).GetStringAsync(new Uri("/management/v1/orgs/me", UriKind.Relative)))
            .RootElement.GetProperty("org").GetProperty("primaryDomain").GetString()!;
        var grpcDomain = (await factory.Grpc().GetMyOrgAsync(new GetMyOrgRequest(), ApiFactory.Headers(factory.AdminToken, grpcOrg.Id))).Org.PrimaryDomain;
        Assert.StartsWith("xn--", restDomain, StringComparison.Ordinal);
        Assert.StartsWith("xn--", grpcDomain, StringComparison.Ordinal);
        Assert.NotEqual(restDomain, grpcDomain);
        Assert.EndsWith(".localhost", restDomain, StringComparison.Ordinal);
        Assert.Equal(
            (restName.ToLowerInvariant().Replace(' ', '-') + ".localhost"),
            new System.Globalization.IdnMapping().GetUnicode(restDomain));
    }

    /// <summary>A guid's hex digits as Cyrillic letters, so that each test run has its own name without ASCII letters.</summary>
    private static string Cyrillic(Guid guid) => string.Concat(guid.ToString("N")[..10].Select(c => (char)('а' + Convert.ToInt32(c.ToString(), 16))));
}

/// <summary>
/// A NUL in the URL (%00) sent to the real service (Kestrel, not the in-memory test server), on SQLite and
/// PostgreSQL: refused with 400 before any database work, and the service keeps serving.
/// </summary>
public sealed class UrlNulOverRealKestrelTests : IAsyncLifetime
{
    private readonly string _database = "identity_nul_" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "identity-nul", Guid.NewGuid().ToString("N"));
    private bool _created;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_created)
        {
            PostgresApiFactory.DropDatabase(_database);
        }

        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_nul_in_the_url_or_the_body_is_refused_and_the_service_keeps_serving(string provider)
    {
        var settings = new Dictionary<string, string>
        {
            ["Identity:Database:Provider"] = provider,
            ["Identity:Database:ConnectionString"] = provider == "Postgres" ? await CreateDatabaseAsync() : $"Data Source={Path.Combine(_directory, "identity.db")}",
            ["Identity:Bootstrap:TokenFile"] = Path.Combine(_directory, "admin.pat"),
            ["Identity:Passwords:HashIterations"] = "1000",
        };
        await using var service = ServiceProcess.Start(settings);
        await service.WaitReadyAsync(TimeSpan.FromSeconds(90));
        using var client = new HttpClient { BaseAddress = service.RestAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer", (await File.ReadAllTextAsync(Path.Combine(_directory, "admin.pat"))).Trim());

        foreach (var (method, path) in new[]
        {
            ("GET", "/management/v1/users/1%00"),
            ("GET", "/management/v1/users/%00"),
            ("POST", "/management/v1/users/1%002/password/_initialize"),
            ("POST", "/management/v1/users/1%00/_lock"),
            ("DELETE", "/management/v1/users/1%00"),
        })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method == "POST")
            {
                request.Content = JsonContent.Create(new { password = "Correct-Horse-42!" });
            }

            var response = await client.SendAsync(request);

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        var body = await client.PostAsJsonAsync("/management/v1/users/human/_import", new
        {
            userName = "nul\u0000name",
            profile = new { firstName = "Nul", lastName = "Name" },
            email = new { email = "nul@name.test" },
        });
        Assert.Contains("TEXT-InvalidCharacter", await ContractAssert.RestErrorAsync(body, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "VALIDATION-InvalidArgument"));
        var org = await client.PostAsJsonAsync("/management/v1/orgs", new { name = "Nul\u0000Org" });
        Assert.Contains("TEXT-InvalidCharacter", await ContractAssert.RestErrorAsync(org, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "VALIDATION-InvalidArgument"));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/management/v1/orgs/me", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/debug/ready", UriKind.Relative))).StatusCode);
        Assert.DoesNotContain("Unhandled", service.Output, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<string> CreateDatabaseAsync()
    {
        Skip.If(PostgresApiFactory.UnavailableReason is not null, PostgresApiFactory.UnavailableReason);
        await using var connection = new Npgsql.NpgsqlConnection(PostgresApiFactory.AdminConnectionString);
        await connection.OpenAsync();
        await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection);
        await create.ExecuteNonQueryAsync();
        _created = true;
        return new Npgsql.NpgsqlConnectionStringBuilder(PostgresApiFactory.AdminConnectionString) { Database = _database, Timeout = 3 }.ConnectionString;
    }
}

/// <summary>The host with the guessability rule lowered to score 1.</summary>
public sealed class ApiFactoryWithMinStrengthScoreOne : ApiFactory
{
    public ApiFactoryWithMinStrengthScoreOne() => Settings["Identity:Passwords:MinStrengthScore"] = "1";
}

public sealed class MinStrengthScoreSettingTests(ApiFactoryWithMinStrengthScoreOne factory) : IClassFixture<ApiFactoryWithMinStrengthScoreOne>
{
    [Fact]
    public async Task The_configured_minimum_score_decides()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var userId = (await Scenario.ImportAsync(admin, orgId, "launchpad")).GetProperty("userId").GetString()!;

        // "Summer2024!" scores 1 (refused by the default of 2), "Password1!" scores 0
        var zero = await Scenario.SetInitialPasswordAsync(admin, userId, "Password1!", orgId);
        var one = await Scenario.SetInitialPasswordAsync(admin, userId, "Summer2024!", orgId);

        Assert.Contains("POLICY-TooGuessable", await ContractAssert.RestErrorAsync(zero, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "POLICY-PasswordInvalid"));
        Assert.True(one.IsSuccessStatusCode, await one.Content.ReadAsStringAsync());
    }
}
