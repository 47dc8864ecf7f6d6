using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Identity.Api.Tests.Support;
using Zitadel.Management.V1;
using Zitadel.User.V1;

namespace Identity.Api.Tests;

/// <summary>
/// ListUsers through the real host, SQLite and PostgreSQL: every text method on every text field, state, type, ids,
/// emails, login names, and/or/not, sorting and paging with details.totalResult, bad input, and that no query reaches
/// another org's users. Each test has an org of its own with the same six users.
/// </summary>
public sealed class SqliteListUsersTests(ApiFactory factory) : ListUsersTests<ApiFactory>(factory);

public sealed class PostgresListUsersTests(PostgresApiFactory factory) : ListUsersTests<PostgresApiFactory>(factory);

public abstract class ListUsersTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private const string Password = "Sunny-Meadow-42!";

    /// <summary>In user-name order: the keys are upper-cased and compared by code point, so "Å" comes after ASCII.</summary>
    private static readonly string[] Everyone = ["alice", "Alina", "bob", "carol", "robot", "ålborg"];

    public static TheoryData<string, string, string, string[]> TextCases => new()
    {
        { "userNameQuery", "TEXT_QUERY_METHOD_EQUALS", "alice", ["alice"] },
        { "userNameQuery", "TEXT_QUERY_METHOD_EQUALS", "Alice", [] },
        { "userNameQuery", "TEXT_QUERY_METHOD_EQUALS_IGNORE_CASE", "ALICE", ["alice"] },
        { "userNameQuery", "TEXT_QUERY_METHOD_STARTS_WITH", "Al", ["Alina"] },
        { "userNameQuery", "TEXT_QUERY_METHOD_STARTS_WITH", "al", ["alice"] },
        { "userNameQuery", "TEXT_QUERY_METHOD_STARTS_WITH_IGNORE_CASE", "aL", ["alice", "Alina"] },
        { "userNameQuery", "TEXT_QUERY_METHOD_STARTS_WITH_IGNORE_CASE", "Å", ["ålborg"] },
        { "userNameQuery", "TEXT_QUERY_METHOD_CONTAINS", "li", ["alice", "Alina"] },
        { "userNameQuery", "TEXT_QUERY_METHOD_CONTAINS", "LI", [] },
        { "userNameQuery", "TEXT_QUERY_METHOD_CONTAINS_IGNORE_CASE", "LI", ["alice", "Alina"] },
        { "userNameQuery", "TEXT_QUERY_METHOD_ENDS_WITH", "ce", ["alice"] },
        { "userNameQuery", "TEXT_QUERY_METHOD_ENDS_WITH_IGNORE_CASE", "NA", ["Alina"] },
        { "emailQuery", "TEXT_QUERY_METHOD_EQUALS", "Alice@Example.test", ["alice"] },
        { "emailQuery", "TEXT_QUERY_METHOD_EQUALS", "alice@example.test", [] },
        { "emailQuery", "TEXT_QUERY_METHOD_EQUALS_IGNORE_CASE", "ALICE@EXAMPLE.TEST", ["alice"] },
        { "emailQuery", "TEXT_QUERY_METHOD_EQUALS_IGNORE_CASE", "åse@example.TEST", ["ålborg"] },
        { "emailQuery", "TEXT_QUERY_METHOD_STARTS_WITH", "Al", ["alice"] },
        { "emailQuery", "TEXT_QUERY_METHOD_STARTS_WITH_IGNORE_CASE", "al", ["alice", "Alina"] },
        { "emailQuery", "TEXT_QUERY_METHOD_CONTAINS", "@example", ["Alina", "carol"] },
        { "emailQuery", "TEXT_QUERY_METHOD_CONTAINS_IGNORE_CASE", "@EXAMPLE", ["alice", "Alina", "carol", "ålborg"] },
        { "emailQuery", "TEXT_QUERY_METHOD_ENDS_WITH", "other.test", ["bob"] },
        { "emailQuery", "TEXT_QUERY_METHOD_ENDS_WITH_IGNORE_CASE", "EXAMPLE.TEST", ["alice", "Alina", "carol", "ålborg"] },
        { "firstNameQuery", "TEXT_QUERY_METHOD_EQUALS", "Bob", ["bob"] },
        { "firstNameQuery", "TEXT_QUERY_METHOD_STARTS_WITH", "Al", ["alice", "Alina"] },
        { "lastNameQuery", "TEXT_QUERY_METHOD_EQUALS_IGNORE_CASE", "müller", ["Alina", "ålborg"] },
        { "lastNameQuery", "TEXT_QUERY_METHOD_EQUALS", "Müller", ["Alina"] },
        { "lastNameQuery", "TEXT_QUERY_METHOD_ENDS_WITH_IGNORE_CASE", "LLER", ["Alina", "ålborg"] },
        { "nickNameQuery", "TEXT_QUERY_METHOD_CONTAINS", "Carrie", ["carol"] },
        { "displayNameQuery", "TEXT_QUERY_METHOD_STARTS_WITH_IGNORE_CASE", "bob b", ["bob"] },
        { "displayNameQuery", "TEXT_QUERY_METHOD_CONTAINS_IGNORE_CASE", "ARCH", ["alice"] },
    };

    [SkippableTheory]
    [MemberData(nameof(TextCases))]
    public async Task Every_text_method_finds_exactly_its_users_over_rest(string query, string method, string text, string[] expected)
    {
        var org = await OrgAsync();
        var field = query switch
        {
            "userNameQuery" => "userName",
            "emailQuery" => "emailAddress",
            _ => query.Replace("Query", string.Empty, StringComparison.Ordinal),
        };

        var list = await ListAsync(org.Admin, new { queries = new[] { new Dictionary<string, object> { [query] = new Dictionary<string, string> { [field] = text, ["method"] = method } } } });

        Assert.Equal(expected, Names(list));
        Assert.Equal(expected.Length, TotalResult(list));
    }

    [SkippableFact]
    public async Task State_type_ids_emails_and_login_names_filter_over_rest()
    {
        var org = await OrgAsync();
        var other = await OrgAsync();

        Assert.Equal(["carol"], Names(await ListAsync(org.Admin, Query(new { stateQuery = new { state = "USER_STATE_INACTIVE" } }))));
        Assert.Equal(["alice", "Alina", "bob", "robot", "ålborg"], Names(await ListAsync(org.Admin, Query(new { stateQuery = new { state = "USER_STATE_ACTIVE" } }))));
        Assert.Empty(Names(await ListAsync(org.Admin, Query(new { stateQuery = new { state = "USER_STATE_DELETED" } }))));
        Assert.Equal(["robot"], Names(await ListAsync(org.Admin, Query(new { typeQuery = new { type = "TYPE_MACHINE" } }))));
        Assert.Equal(["alice", "Alina", "bob", "carol", "ålborg"], Names(await ListAsync(org.Admin, Query(new { typeQuery = new { type = "TYPE_HUMAN" } }))));

        // another org's ids are not found here, though they exist
        var ids = new[] { org.Ids["bob"], org.Ids["alice"], other.Ids["alice"] };
        Assert.Equal(["alice", "bob"], Names(await ListAsync(org.Admin, Query(new { inUserIdsQuery = new { userIds = ids } }))));
        Assert.Equal(["alice", "bob"], Names(await ListAsync(org.Admin, Query(new { inUserEmailsQuery = new { userEmails = new[] { "ALICE@example.test", "bob@other.test", "nobody@example.test" } } }))));

        var domain = org.LoginNames["alice"].Split('@', 2)[1];
        Assert.Equal(["alice"], Names(await ListAsync(org.Admin, Query(new { loginNameQuery = new { loginName = "alice@" + domain } }))));
        Assert.Equal(["alice"], Names(await ListAsync(org.Admin, Query(new { loginNameQuery = new { loginName = "ALICE@" + domain.ToUpperInvariant(), method = "TEXT_QUERY_METHOD_EQUALS_IGNORE_CASE" } }))));
        Assert.Empty(Names(await ListAsync(org.Admin, Query(new { loginNameQuery = new { loginName = "alice@elsewhere.test" } }))));
        Assert.Equal(Everyone, Names(await ListAsync(org.Admin, Query(new { loginNameQuery = new { loginName = "@" + domain, method = "TEXT_QUERY_METHOD_ENDS_WITH" } }))));
        Assert.Equal(["bob"], Names(await ListAsync(org.Admin, Query(new { loginNameQuery = new { loginName = "b@" + domain, method = "TEXT_QUERY_METHOD_CONTAINS" } }))));
    }

    [SkippableFact]
    public async Task And_or_not_combine_over_grpc()
    {
        var org = await OrgAsync();
        var alice = UserName("alice");
        var bob = UserName("bob");
        var human = new SearchQuery { TypeQuery = new TypeQuery { Type = Zitadel.User.V1.Type.Human } };
        var example = new SearchQuery { EmailQuery = new EmailQuery { EmailAddress = "example", Method = Zitadel.V1.TextQueryMethod.ContainsIgnoreCase } };

        Assert.Equal(["alice", "bob"], await GrpcNamesAsync(org, Or(alice, bob)));
        Assert.Equal(["robot"], await GrpcNamesAsync(org, Not(human)));
        Assert.Equal(["alice"], await GrpcNamesAsync(org, And(Or(alice, bob), example)));
        Assert.Equal(["bob"], await GrpcNamesAsync(org, Or(alice, bob), Not(example)));
        Assert.Equal(["alice"], await GrpcNamesAsync(org, Not(Not(alice))));
        // a machine has no email: "not an example email" holds for it
        Assert.Equal(["bob", "robot"], await GrpcNamesAsync(org, Not(example)));
        Assert.Empty(await GrpcNamesAsync(org, new SearchQuery { OrQuery = new OrQuery() }));
        Assert.Equal(Everyone, await GrpcNamesAsync(org, new SearchQuery { AndQuery = new AndQuery() }));
    }

    [SkippableFact]
    public async Task Sorting_and_paging_answer_the_total_of_every_match()
    {
        var org = await OrgAsync();

        var all = await ListAsync(org.Admin, new { query = new { asc = true } });
        Assert.Equal(Everyone, Names(all));
        Assert.Equal(6, TotalResult(all));
        Assert.Equal(Everyone.Reverse(), Names(await ListAsync(org.Admin, new { query = new { limit = 10 } })));

        var page = await ListAsync(org.Admin, new { query = new { offset = 1, limit = 2, asc = true }, sortingColumn = "USER_FIELD_NAME_USER_NAME" });
        Assert.Equal(["Alina", "bob"], Names(page));
        Assert.Equal(6, TotalResult(page));
        Assert.Equal("USER_FIELD_NAME_USER_NAME", page.GetProperty("sortingColumn").GetString());

        var beyond = await ListAsync(org.Admin, new { query = new { offset = 10, limit = 2 } });
        Assert.Empty(Names(beyond));
        Assert.Equal(6, TotalResult(beyond));

        // ordinal order ("MÜLLER" before "Müller"); machines have no last name: they come after the humans
        var byLastName = await ListAsync(org.Admin, new { query = new { asc = true }, sortingColumn = "USER_FIELD_NAME_LAST_NAME" });
        Assert.Equal(["alice", "bob", "carol", "ålborg", "Alina", "robot"], Names(byLastName));
        var byCreation = await ListAsync(org.Admin, new { query = new { asc = true }, sortingColumn = "USER_FIELD_NAME_CREATION_DATE" });
        Assert.Equal(["alice", "Alina", "bob", "ålborg", "robot", "carol"], Names(byCreation));
        // a full page by state alone: the total is the org's state count
        var active = await ListAsync(org.Admin, new { query = new { asc = true, limit = 2 }, queries = new[] { new { stateQuery = new { state = "USER_STATE_ACTIVE" } } } });
        Assert.Equal(["alice", "Alina"], Names(active));
        Assert.Equal(5, TotalResult(active));
        var byState = await ListAsync(org.Admin, new { query = new { asc = false, limit = 1 }, sortingColumn = "USER_FIELD_NAME_STATE" });
        Assert.Equal(["carol"], Names(byState));
        Assert.Equal(6, TotalResult(byState));

        var grpc = await factory.Grpc().ListUsersAsync(
            new ListUsersRequest { Query = new Zitadel.V1.ListQuery { Limit = 2, Asc = true }, SortingColumn = UserFieldName.Email },
            ApiFactory.Headers(factory.AdminToken, org.Id));
        Assert.Equal(["alice", "Alina"], grpc.Result.Select(u => u.UserName));
        Assert.Equal(6UL, grpc.Details.TotalResult);
        Assert.Equal(UserFieldName.Email, grpc.SortingColumn);
        Assert.Equal(org.Ids["alice"], grpc.Result[0].Id);
        Assert.Equal("Alice@Example.test", grpc.Result[0].Human.Email.Email_);
        Assert.Equal(org.LoginNames["alice"], grpc.Result[0].PreferredLoginName);
    }

    [SkippableFact]
    public async Task A_removed_user_is_never_listed_and_an_empty_body_lists_everyone()
    {
        var org = await OrgAsync();
        await Ok(org.Admin.DeleteAsync(new Uri($"/management/v1/users/{org.Ids["bob"]}", UriKind.Relative)));

        var response = await org.Admin.PostAsync(new Uri("/management/v1/users/_search", UriKind.Relative), null);
        var list = await Ok(Task.FromResult(response));

        Assert.Equal(["ålborg", "robot", "carol", "Alina", "alice"], Names(list));
        Assert.Equal(5, TotalResult(list));
        Assert.Empty(Names(await ListAsync(org.Admin, Query(new { inUserIdsQuery = new { userIds = new[] { org.Ids["bob"] } } }))));
    }

    [SkippableFact]
    public async Task Bad_input_is_refused_with_its_id()
    {
        var org = await OrgAsync();

        await ContractAssert.RestErrorAsync(await org.Admin.PostAsJsonAsync("/management/v1/users/_search", new { query = new { limit = 1001 } }),
            HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "VALIDATION-InvalidArgument");
        Assert.Contains("QUERY-4M0fs", await Details(org.Admin, new { query = new { limit = 1001 } }));
        Assert.Contains("QUERY-Invalid", await Details(org.Admin, new { queries = new[] { new { } } }));
        Assert.Contains("QUERY-Invalid", await Details(org.Admin, Query(new { userNameQuery = new { userName = new string('a', 201) } })));
        Assert.Contains("QUERY-Invalid", await Details(org.Admin, Query(new { userNameQuery = new { userName = "a", method = 99 } })));
        Assert.Contains("QUERY-Invalid", await Details(org.Admin, Query(new { stateQuery = new { state = 42 } })));
        Assert.Contains("QUERY-Invalid", await Details(org.Admin, new { sortingColumn = 42 }));
        Assert.Contains("QUERY-Invalid", await Details(org.Admin, Query(new { inUserIdsQuery = new { userIds = Enumerable.Range(0, 1001).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)) } })));
        object deep = new { userNameQuery = new { userName = "alice" } };
        for (var i = 0; i < 9; i++)
        {
            deep = new { notQuery = new { query = deep } };
        }

        Assert.Contains("QUERY-Invalid", await Details(org.Admin, Query(deep)));
        Assert.Contains("QUERY-Invalid", await Details(org.Admin, new { queries = Enumerable.Range(0, 101).Select(_ => new { typeQuery = new { type = "TYPE_HUMAN" } }) }));

        // a query kind the proto does not have is an unknown field, ignored as upstream's gateway does: a query naming no condition
        Assert.Contains("QUERY-Invalid", await Details(org.Admin, new { queries = new[] { new { resourceOwnerQuery = new { orgId = org.Id } } } }));

        var grpc = await Assert.ThrowsAsync<RpcException>(() => factory.Grpc().ListUsersAsync(
            new ListUsersRequest { Queries = { new SearchQuery() } }, ApiFactory.Headers(factory.AdminToken, org.Id)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, grpc.StatusCode);
    }

    [SkippableFact]
    public async Task No_query_reaches_another_orgs_users()
    {
        var mine = await OrgAsync();
        var theirs = await OrgAsync();
        var theirOwner = factory.Rest((await factory.CreateMachineCallerAsync(theirs.Id, "ORG_OWNER")).Token);
        var everyone = new { queries = new[] { new { emailQuery = new { emailAddress = "@", method = "TEXT_QUERY_METHOD_CONTAINS" } } } };

        // the IAM_OWNER names the org it searches; each org answers only its own users
        var asMine = await ListAsync(mine.Admin, everyone);
        Assert.All(Users(asMine), u => Assert.Equal(mine.Id, u.GetProperty("details").GetProperty("resourceOwner").GetString()));
        Assert.Equal(mine.Ids.Values.Where(id => id != mine.Ids["robot"]).Order(), Users(asMine).Select(u => u.GetProperty("id").GetString()!).Order());

        // an owner of the other org sees its own org, and is refused in this one
        var asTheirs = await ListAsync(theirOwner, everyone);
        Assert.DoesNotContain(Users(asTheirs), u => mine.Ids.ContainsValue(u.GetProperty("id").GetString()!));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/management/v1/users/_search") { Content = JsonContent.Create(everyone) };
        request.Headers.Add("x-zitadel-orgid", mine.Id);
        await ContractAssert.RestErrorAsync(await theirOwner.SendAsync(request), HttpStatusCode.Forbidden, StatusCode.PermissionDenied, "AUTH-OrgNotFound");
    }

    private static SearchQuery UserName(string name) => new() { UserNameQuery = new UserNameQuery { UserName = name } };

    private static SearchQuery Or(params SearchQuery[] queries) => new() { OrQuery = new OrQuery { Queries = { queries } } };

    private static SearchQuery And(params SearchQuery[] queries) => new() { AndQuery = new AndQuery { Queries = { queries } } };

    private static SearchQuery Not(SearchQuery query) => new() { NotQuery = new NotQuery { Query = query } };

    private static object Query(object condition) => new { query = new { asc = true }, queries = new[] { condition } };

    private async Task<List<string>> GrpcNamesAsync(Org org, params SearchQuery[] queries)
    {
        var request = new ListUsersRequest { Query = new Zitadel.V1.ListQuery { Asc = true } };
        request.Queries.Add(queries);
        var response = await factory.Grpc().ListUsersAsync(request, ApiFactory.Headers(factory.AdminToken, org.Id));
        Assert.Equal((ulong)response.Result.Count, response.Details.TotalResult);
        return [.. response.Result.Select(u => u.UserName)];
    }

    private static async Task<JsonElement> ListAsync(HttpClient client, object body)
    {
        var json = JsonSerializer.Serialize(body);
        if (!json.Contains("\"query\"", StringComparison.Ordinal))
        {
            // ascending unless the test says otherwise
            using var document = JsonDocument.Parse(json);
            var withQuery = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object)p.Value);
            withQuery["query"] = new { asc = true };
            json = JsonSerializer.Serialize(withQuery);
        }

        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        return await Ok(client.PostAsync(new Uri("/management/v1/users/_search", UriKind.Relative), content));
    }

    private static async Task<IReadOnlyList<string>> Details(HttpClient client, object body) =>
        await ContractAssert.RestErrorAsync(await client.PostAsJsonAsync("/management/v1/users/_search", body),
            HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "VALIDATION-InvalidArgument");

    private static List<JsonElement> Users(JsonElement list) =>
        list.TryGetProperty("result", out var result) ? [.. result.EnumerateArray()] : [];

    private static List<string> Names(JsonElement list) => [.. Users(list).Select(u => u.GetProperty("userName").GetString()!)];

    private static long TotalResult(JsonElement list) =>
        list.GetProperty("details").TryGetProperty("totalResult", out var total) ? long.Parse(total.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : 0;

    private static async Task<JsonElement> Ok(Task<HttpResponseMessage> call)
    {
        var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>A fresh org with six users: five humans (one deactivated) and a machine, created in this order.</summary>
    private async Task<Org> OrgAsync()
    {
        var orgId = await Scenario.AddOrgAsync(factory.Rest(factory.Start()));
        var admin = factory.Rest(factory.AdminToken, orgId);
        var ids = new Dictionary<string, string>();
        async Task Human(string userName, string first, string last, string nick, string display, string email)
        {
            var created = await Ok(admin.PostAsJsonAsync("/management/v1/users/human", new
            {
                userName,
                profile = new { firstName = first, lastName = last, nickName = nick, displayName = display },
                email = new { email, isEmailVerified = true },
                initialPassword = Password,
            }));
            ids[userName] = created.GetProperty("userId").GetString()!;
        }

        await Human("alice", "Alice", "Archer", "Al", "Alice Archer", "Alice@Example.test");
        await Human("Alina", "Alina", "Müller", "Lina", "Alina M", "alina@example.test");
        await Human("bob", "Bob", "Baker", "Bobby", "Bob Baker", "bob@other.test");
        await Human("ålborg", "Åse", "MÜLLER", "Åsa", "Åse M", "Åse@Example.test");
        var robot = await Ok(admin.PostAsJsonAsync("/management/v1/users/machine", new { userName = "robot", name = "Robot" }));
        ids["robot"] = robot.GetProperty("userId").GetString()!;
        await Human("carol", "Carol", "Cook", "Carrie", "Carol Cook", "carol@example.test");
        await Ok(admin.PostAsync(new Uri($"/management/v1/users/{ids["carol"]}/_deactivate", UriKind.Relative), null));

        var alice = await Ok(admin.GetAsync(new Uri($"/management/v1/users/{ids["alice"]}", UriKind.Relative)));
        return new Org(orgId, admin, ids, new Dictionary<string, string> { ["alice"] = alice.GetProperty("user").GetProperty("preferredLoginName").GetString()! });
    }

    private sealed record Org(string Id, HttpClient Admin, Dictionary<string, string> Ids, Dictionary<string, string> LoginNames);
}
