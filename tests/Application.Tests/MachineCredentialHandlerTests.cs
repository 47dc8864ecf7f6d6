using System.Text.Json;
using System.Text;
using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Users.AddMachineKey;
using Identity.Application.Users.GenerateMachineSecret;
using Identity.Application.Users.GetMachineKeyByIDs;
using Identity.Application.Users.ListMachineKeys;
using Identity.Application.Users.RemoveMachineKey;
using Identity.Application.Users.RemoveMachineSecret;
using Identity.Application.Users;
using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Users;
using NSubstitute;

namespace Identity.Application.Tests;

/// <summary>The six machine-credential handlers with substituted ports: what is generated, stored, answered and refused.</summary>
public sealed class MachineCredentialHandlerTests
{
    private const string PrivatePem = "-----BEGIN RSA PRIVATE KEY-----\nPRIVATE+/=\n-----END RSA PRIVATE KEY-----\n";
    private const string PublicPem = "-----BEGIN PUBLIC KEY-----\nPUBLIC\n-----END PUBLIC KEY-----";

    private readonly FakeTimeProvider _clock = new(TestData.Now);
    private readonly RequestContext _context = TestData.Context(TestData.Org());
    private readonly IMachineKeyRepository _keys = Substitute.For<IMachineKeyRepository>();
    private readonly FakeMachineKeyCrypto _crypto = new();
    private readonly IMachineSecrets _secrets = Substitute.For<IMachineSecrets>();
    private readonly IIdGenerator _ids = Substitute.For<IIdGenerator>();
    private readonly User _machine = TestData.Machine("2");
    private readonly IUserRepository _users;

    public MachineCredentialHandlerTests()
    {
        _ids.NewId().Returns("k-1");
        _secrets.Generate().Returns(("S3cret", "hash-of-S3cret"));
        _users = TestData.Users(() => _machine, () => TestData.Human("1"), () => TestData.Machine("3", TestData.OtherOrgId));
    }

    private Task<AddMachineKeyResult> Add(string userId = "2", DateTimeOffset? expires = null, byte[]? publicKey = null) =>
        new AddMachineKeyHandler(_context, _users, _keys, _crypto, _ids, _clock)
            .Handle(new AddMachineKeyCommand(userId, MachineKeyType.Json, expires, publicKey ?? []), CancellationToken.None);

    [Fact]
    public async Task A_generated_key_stores_only_the_public_key_and_answers_upstreams_key_file()
    {
        var result = await Add();

        _keys.Received(1).Add(Arg.Is<MachineKey>(k => k.Id == new MachineKeyId("k-1") && k.UserId == _machine.Id && k.PublicKey == PublicPem && k.ExpiresAt == MachineKey.NoExpiration));
        Assert.Equal("k-1", result.KeyId);
        Assert.Equal(new ObjectDetailsDto(2, TestData.Created, TestData.Now, TestData.OrgId.Value), result.Details);
        Assert.Equal(
            "{\"type\":\"serviceaccount\",\"keyId\":\"k-1\",\"key\":\"-----BEGIN RSA PRIVATE KEY-----\\nPRIVATE+/=\\n-----END RSA PRIVATE KEY-----\\n\","
            + "\"expirationDate\":\"9999-12-31T23:59:59Z\",\"userId\":\"2\"}",
            Encoding.UTF8.GetString(result.KeyDetails.Span));
        Assert.DoesNotContain("PRIVATE", result.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_machine.PendingEvents.SelectMany(e => e.Payload.Values), v => v is string s && s.Contains("PRIVATE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_key_file_carries_the_expiration_as_go_writes_it()
    {
        var result = await Add(expires: new DateTimeOffset(2030, 1, 2, 3, 4, 5, 500, TimeSpan.FromHours(2)));

        using var file = JsonDocument.Parse(result.KeyDetails);
        Assert.Equal("2030-01-02T01:04:05.5Z", file.RootElement.GetProperty("expirationDate").GetString());
        Assert.Equal(["type", "keyId", "key", "expirationDate", "userId"], file.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task A_supplied_public_key_is_stored_in_its_normal_form_and_the_answer_has_no_key_file()
    {
        var result = await Add(publicKey: Encoding.UTF8.GetBytes("my pem"));

        Assert.True(result.KeyDetails.IsEmpty);
        Assert.Equal(["my pem"], _crypto.Supplied);
        Assert.Equal(0, _crypto.Generated);
        _keys.Received(1).Add(Arg.Is<MachineKey>(k => k.PublicKey.Contains("SUPPLIED", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_human_gets_no_key_and_nothing_is_generated_or_stored()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Add("1"));

        Assert.Equal((ErrorKind.FailedPrecondition, "USER-TokenMachineOnly"), (error.Kind, error.Summary.Id));
        Assert.Equal(0, _crypto.Generated);
        _keys.DidNotReceive().Add(Arg.Any<MachineKey>());
    }

    [Fact]
    public async Task A_past_expiration_is_refused_before_any_key_is_generated()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Add(expires: TestData.Now.AddSeconds(-1)));

        Assert.Equal("DOMAIN-dv3t5", error.Summary.Id);
        Assert.Equal(0, _crypto.Generated);
    }

    [Fact]
    public async Task A_user_of_another_org_is_not_found()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Add("3"));

        Assert.Equal("USER-NotFound", error.Summary.Id);
        Assert.Equal(0, _crypto.Generated);
    }

    [Theory]
    [InlineData(0u, 1000)]
    [InlineData(5u, 5)]
    public async Task List_pages_the_users_keys_with_the_total_and_no_key_material(uint limit, int expectedLimit)
    {
        var key = _machine.AddMachineKey(new MachineKeyId("k1"), MachineKeyType.Json, null, () => PublicPem, TestData.Created, "x");
        _keys.ListOfUserAsync(_machine.Id, 3, expectedLimit, true, Arg.Any<CancellationToken>())
            .Returns(Task.FromResult<(IReadOnlyList<MachineKey>, long)>(([key], 4)));

        var list = await new ListMachineKeysHandler(_context, _users, _keys, _clock).Handle(new ListMachineKeysQuery("2", 3, limit, true), CancellationToken.None);

        Assert.Equal((4L, TestData.Now), (list.TotalResult, list.ViewTimestamp));
        Assert.Equal(new MachineKeyDto("k1", new ObjectDetailsDto(2, TestData.Created, TestData.Created, TestData.OrgId.Value), MachineKeyType.Json, MachineKey.NoExpiration), Assert.Single(list.Result));
    }

    [Fact]
    public async Task Get_answers_the_key_and_an_unknown_key_is_not_found()
    {
        var key = _machine.AddMachineKey(new MachineKeyId("k1"), MachineKeyType.Json, null, () => PublicPem, TestData.Created, "x");
        _keys.GetAsync(_machine.Id, key.Id, Arg.Any<CancellationToken>()).Returns(key);
        var handler = new GetMachineKeyByIDsHandler(_context, _users, _keys);

        var found = await handler.Handle(new GetMachineKeyByIDsQuery("2", "k1"), CancellationToken.None);
        var error = await Assert.ThrowsAsync<DomainException>(() => handler.Handle(new GetMachineKeyByIDsQuery("2", "k2"), CancellationToken.None));

        Assert.Equal("k1", found.Id);
        Assert.Equal((ErrorKind.NotFound, "USER-KeyNotFound"), (error.Kind, error.Summary.Id));
    }

    [Fact]
    public async Task Remove_deletes_the_key_and_raises_the_sequence()
    {
        var key = _machine.AddMachineKey(new MachineKeyId("k1"), MachineKeyType.Json, null, () => PublicPem, TestData.Created, "x");
        _keys.GetAsync(_machine.Id, key.Id, Arg.Any<CancellationToken>()).Returns(key);

        var details = await new RemoveMachineKeyHandler(_context, _users, _keys, _clock).Handle(new RemoveMachineKeyCommand("2", "k1"), CancellationToken.None);

        _keys.Received(1).Remove(key);
        Assert.Equal(3, details.Sequence);
        Assert.Equal(("user.machine.key.removed", TestData.CallerId.Value), (_machine.PendingEvents[^1].Type, _machine.PendingEvents[^1].EditorId));
    }

    [Fact]
    public async Task Generate_secret_stores_the_hash_and_answers_the_user_name_and_the_secret_once()
    {
        var result = await new GenerateMachineSecretHandler(_context, _users, _secrets, _clock).Handle(new GenerateMachineSecretCommand("2"), CancellationToken.None);

        Assert.Equal(("robot", "S3cret", 2L), (result.ClientId, result.ClientSecret, result.Details.Sequence));
        Assert.Equal("hash-of-S3cret", _machine.MachineSecretHash);
        Assert.DoesNotContain("S3cret", result.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_machine.PendingEvents.SelectMany(e => e.Payload.Values), v => v is string s && s.Contains("S3cret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Remove_secret_clears_it_and_a_human_has_none()
    {
        _machine.SetMachineSecret("hash", TestData.Created, "x");
        var handler = new RemoveMachineSecretHandler(_context, _users, _clock);

        var details = await handler.Handle(new RemoveMachineSecretCommand("2"), CancellationToken.None);
        var again = await Assert.ThrowsAsync<DomainException>(() => handler.Handle(new RemoveMachineSecretCommand("2"), CancellationToken.None));
        var human = await Assert.ThrowsAsync<DomainException>(() => handler.Handle(new RemoveMachineSecretCommand("1"), CancellationToken.None));

        Assert.Equal(3, details.Sequence);
        Assert.False(_machine.HasMachineSecret);
        Assert.Equal("COMMAND-coi82n", again.Summary.Id);
        Assert.Equal("USER-TokenMachineOnly", human.Summary.Id);
    }

    [Fact]
    public void Every_method_targets_its_user_with_the_contracts_permission()
    {
        ITargetsUser[] requests =
        [
            new AddMachineKeyCommand("2", MachineKeyType.Json, null, ReadOnlyMemory<byte>.Empty), new ListMachineKeysQuery("2", 0, 0, false),
            new GetMachineKeyByIDsQuery("2", "k"), new RemoveMachineKeyCommand("2", "k"), new GenerateMachineSecretCommand("2"), new RemoveMachineSecretCommand("2"),
        ];

        Assert.All(requests, r => Assert.Equal("2", r.TargetUserId));
        Assert.Equal(
            [Permissions.UserWrite, Permissions.UserRead, Permissions.UserRead, Permissions.UserWrite, Permissions.UserWrite, Permissions.UserWrite],
            requests.Select(r => r.Permission));
    }

    [Fact]
    public async Task Validators_refuse_a_bad_type_key_id_and_limit()
    {
        var add = await new AddMachineKeyValidator().ValidateAsync(new AddMachineKeyCommand("2", MachineKeyType.Unspecified, null, ReadOnlyMemory<byte>.Empty));
        var get = await new GetMachineKeyByIDsValidator().ValidateAsync(new GetMachineKeyByIDsQuery("2", new string('k', 201)));
        var list = await new ListMachineKeysValidator().ValidateAsync(new ListMachineKeysQuery("2", 0, 1001, false));

        Assert.Equal(["USER-KeyTypeInvalid"], add.Errors.Select(e => e.ErrorCode));
        Assert.Equal(["USER-KeyIdInvalid"], get.Errors.Select(e => e.ErrorCode));
        Assert.Equal(["QUERY-4M0fs"], list.Errors.Select(e => e.ErrorCode));
    }
}

/// <summary>A key crypto fake: a fixed pair, and a record of the supplied keys it normalized.</summary>
internal sealed class FakeMachineKeyCrypto : IMachineKeyCrypto
{
    public int Generated { get; private set; }

    public List<string> Supplied { get; } = [];

    public GeneratedMachineKey Generate()
    {
        Generated++;
        return new GeneratedMachineKey("-----BEGIN RSA PRIVATE KEY-----\nPRIVATE+/=\n-----END RSA PRIVATE KEY-----\n", "-----BEGIN PUBLIC KEY-----\nPUBLIC\n-----END PUBLIC KEY-----");
    }

    public string NormalizePublicKey(ReadOnlySpan<byte> pem)
    {
        Supplied.Add(Encoding.UTF8.GetString(pem));
        return "-----BEGIN PUBLIC KEY-----\nSUPPLIED\n-----END PUBLIC KEY-----";
    }
}
