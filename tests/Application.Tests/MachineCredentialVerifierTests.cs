using Identity.Application.Abstractions;
using Identity.Application.Access;
using Identity.Domain.Common;
using Identity.Domain.Users;
using NSubstitute;

namespace Identity.Application.Tests;

/// <summary>The port the token endpoint will call: an active key of an active machine user, and a client secret; one answer (null) for every refusal.</summary>
public sealed class MachineCredentialVerifierTests
{
    private const string Pem = "-----BEGIN PUBLIC KEY-----\nPUBLIC\n-----END PUBLIC KEY-----";

    private readonly FakeTimeProvider _clock = new(TestData.Now);
    private readonly IMachineKeyRepository _keys = Substitute.For<IMachineKeyRepository>();
    private readonly IMachineSecrets _secrets = Substitute.For<IMachineSecrets>();
    private readonly IUserRepository _users = Substitute.For<IUserRepository>();
    private User _machine = TestData.Machine("2");

    public MachineCredentialVerifierTests()
    {
        _users.FindAsync(Arg.Any<UserId>(), Arg.Any<CancellationToken>()).Returns(ci => Task.FromResult<User?>(ci.ArgAt<UserId>(0) == _machine.Id ? _machine : null));
        _secrets.HashOf(Arg.Any<string>()).Returns(ci => "h:" + ci.ArgAt<string>(0));
        _users.FindByMachineSecretHashAsync(Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(ci => Task.FromResult<User?>(ci.ArgAt<string>(0) == "h:right" ? _machine : null));
    }

    private MachineCredentialVerifier Verifier() => new(_users, _keys, _secrets, _clock);

    private void WithKey(string keyId = "k1")
    {
        var key = new MachineKey(new MachineKeyId(keyId), _machine.Id, MachineKeyType.Json, Pem, MachineKey.NoExpiration, TestData.Created, 2);
        _keys.FindActiveAsync(_machine.Id, new MachineKeyId(keyId), TestData.Now, Arg.Any<CancellationToken>()).Returns(key);
    }

    [Fact]
    public async Task An_active_key_of_an_active_machine_user_answers_its_public_key_and_the_caller()
    {
        WithKey();

        var found = await Verifier().FindActiveKeyAsync("2", "k1", CancellationToken.None);

        Assert.NotNull(found);
        Assert.Equal((_machine.Id, TestData.OrgId, "k1", Pem), (found.Caller.UserId, found.Caller.OrgId, found.KeyId, found.PublicKeyPem));
    }

    [Theory]
    [InlineData(UserState.Locked)]
    [InlineData(UserState.Inactive)]
    [InlineData(UserState.Removed)]
    public async Task A_key_of_a_user_that_cannot_act_answers_nothing(UserState state)
    {
        _machine = _machine.Reach(state);
        WithKey();

        Assert.Null(await Verifier().FindActiveKeyAsync("2", "k1", CancellationToken.None));
    }

    [Theory]
    [InlineData("2", "unknown")]
    [InlineData("9", "k1")]
    [InlineData("", "k1")]
    [InlineData("2", "")]
    [InlineData("a:b", "k1")]
    [InlineData(null, null)]
    public async Task Unknown_or_malformed_ids_answer_nothing(string? userId, string? keyId)
    {
        WithKey();

        Assert.Null(await Verifier().FindActiveKeyAsync(userId, keyId, CancellationToken.None));
    }

    [Theory]
    [InlineData("robot")]
    [InlineData("ROBOT")]
    public async Task The_right_secret_with_the_user_name_answers_the_caller(string clientId)
    {
        var caller = await Verifier().CheckSecretAsync(clientId, "right", CancellationToken.None);

        Assert.Equal(_machine.Id, caller?.UserId);
    }

    [Theory]
    [InlineData("robot", "wrong")]
    [InlineData("other", "right")]
    [InlineData("", "right")]
    [InlineData("robot", "")]
    [InlineData(null, null)]
    public async Task A_wrong_secret_or_client_id_answers_nothing(string? clientId, string? secret) =>
        Assert.Null(await Verifier().CheckSecretAsync(clientId, secret, CancellationToken.None));

    [Fact]
    public async Task The_secret_of_a_locked_user_answers_nothing()
    {
        _machine = _machine.Reach(UserState.Locked);

        Assert.Null(await Verifier().CheckSecretAsync("robot", "right", CancellationToken.None));
    }
}
