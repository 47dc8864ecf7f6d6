using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Policies;
using Identity.Application.Policies.AddCustomLockoutPolicy;
using Identity.Application.Policies.GetLockoutPolicy;
using Identity.Application.Policies.ResetLockoutPolicy;
using Identity.Application.Policies.UpdateCustomLockoutPolicy;
using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Organizations;
using Identity.Domain.Passwords;
using NSubstitute;

namespace Identity.Application.Tests;

public class LockoutPolicyHandlerTests
{
    private static readonly LockoutPolicy Existing = new(5, 3);

    private readonly IOrganizationRepository _organizations = Substitute.For<IOrganizationRepository>();
    private readonly Organization _tenant = TestData.Org();
    private Organization _stored = TestData.Org();

    public LockoutPolicyHandlerTests() =>
        _organizations.GetAsync(TestData.OrgId, Arg.Any<CancellationToken>()).Returns(_ => _stored);

    private Organization StoredWithPolicy()
    {
        _stored.AddLockoutPolicy(Existing, TestData.Created, TestData.CallerId.Value);
        _stored.ClearPendingEvents();
        return _stored;
    }

    private Task<ObjectDetailsDto> Add(uint password, uint otp) =>
        new AddCustomLockoutPolicyHandler(TestData.Context(_tenant), _organizations, new FakeTimeProvider(TestData.Now))
            .Handle(new AddCustomLockoutPolicyCommand(password, otp), CancellationToken.None);

    private Task<ObjectDetailsDto> Update(uint password, uint otp) =>
        new UpdateCustomLockoutPolicyHandler(TestData.Context(_tenant), _organizations, new FakeTimeProvider(TestData.Now))
            .Handle(new UpdateCustomLockoutPolicyCommand(password, otp), CancellationToken.None);

    private Task<ObjectDetailsDto> Reset() =>
        new ResetLockoutPolicyHandler(TestData.Context(_tenant), _organizations, new FakeTimeProvider(TestData.Now))
            .Handle(new ResetLockoutPolicyCommand(), CancellationToken.None);

    private static Task<LockoutPolicyDto> Get(Organization tenant, LockoutPolicy? configuredDefault = null) =>
        new GetLockoutPolicyHandler(
                TestData.Context(tenant),
                TestData.Rules(settings: TestData.Settings() with { DefaultLockoutPolicy = configuredDefault ?? LockoutPolicy.Default }))
            .Handle(new GetLockoutPolicyQuery(), CancellationToken.None);

    // ---- Add ------------------------------------------------------------------------------------

    [Fact]
    public async Task Add_puts_the_policy_on_the_org_loaded_from_the_repository()
    {
        var details = await Add(4, 2);

        Assert.Equal(new LockoutPolicy(4, 2), _stored.LockoutPolicy);
        Assert.Equal(new ObjectDetailsDto(2, TestData.Created, TestData.Now, TestData.OrgId.Value), details);
        var added = Assert.IsType<LockoutPolicyAdded>(_stored.PendingEvents[^1]);
        Assert.Equal(TestData.CallerId.Value, added.EditorId);
        Assert.Null(_tenant.LockoutPolicy);
        await _organizations.Received(1).GetAsync(TestData.OrgId, Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData(0u, 0u)]
    [InlineData(uint.MaxValue, uint.MaxValue)]
    public async Task Add_takes_any_uint32(uint password, uint otp)
    {
        await Add(password, otp);

        Assert.Equal(new LockoutPolicy(password, otp), _stored.LockoutPolicy);
    }

    [Fact]
    public async Task Add_when_the_org_has_one_is_AlreadyExists()
    {
        StoredWithPolicy();

        var error = await Assert.ThrowsAsync<DomainException>(() => Add(9, 9));

        Assert.Equal(ErrorKind.AlreadyExists, error.Kind);
        Assert.Equal("POLICY-AlreadyExists", error.Summary.Id);
        Assert.Equal(Existing, _stored.LockoutPolicy);
        Assert.Empty(_stored.PendingEvents);
    }

    [Fact]
    public async Task Add_for_an_org_that_cannot_be_loaded_is_denied()
    {
        _stored = null!;

        var error = await Assert.ThrowsAsync<DomainException>(() => Add(4, 2));

        Assert.Equal(ErrorKind.PermissionDenied, error.Kind);
        Assert.Equal("AUTH-OrgNotFound", error.Summary.Id);
    }

    // ---- Update ---------------------------------------------------------------------------------

    [Fact]
    public async Task Update_changes_the_policy()
    {
        StoredWithPolicy();

        var details = await Update(6, 3);

        Assert.Equal(new LockoutPolicy(6, 3), _stored.LockoutPolicy);
        Assert.Equal(new ObjectDetailsDto(3, TestData.Created, TestData.Now, TestData.OrgId.Value), details);
        Assert.IsType<LockoutPolicyChanged>(Assert.Single(_stored.PendingEvents));
    }

    [Fact]
    public async Task Update_without_a_policy_is_NotFound()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Update(6, 3));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal("POLICY-NotFound", error.Summary.Id);
        Assert.Equal(1, _stored.Sequence);
    }

    [Fact]
    public async Task Update_with_the_same_values_is_NotChanged()
    {
        StoredWithPolicy();

        var error = await Assert.ThrowsAsync<DomainException>(() => Update(5, 3));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Equal("POLICY-NotChanged", error.Summary.Id);
        Assert.Empty(_stored.PendingEvents);
    }

    // ---- Reset ----------------------------------------------------------------------------------

    [Fact]
    public async Task Reset_drops_the_policy()
    {
        StoredWithPolicy();

        var details = await Reset();

        Assert.Null(_stored.LockoutPolicy);
        Assert.Equal(3, details.Sequence);
        Assert.IsType<LockoutPolicyRemoved>(Assert.Single(_stored.PendingEvents));
    }

    [Fact]
    public async Task Reset_without_a_policy_is_NotFound()
    {
        var error = await Assert.ThrowsAsync<DomainException>(Reset);

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal("POLICY-NotFound", error.Summary.Id);
    }

    // ---- Get ------------------------------------------------------------------------------------

    [Fact]
    public async Task Get_without_a_custom_policy_answers_the_configured_default_flagged_as_default()
    {
        var dto = await Get(TestData.Org(), new LockoutPolicy(8, 1));

        Assert.Equal(new LockoutPolicyDto(new ObjectDetailsDto(1, TestData.Created, TestData.Created, TestData.OrgId.Value), 8, 1, IsDefault: true), dto);
    }

    [Fact]
    public async Task Get_without_configuration_answers_no_lockout()
    {
        var dto = await Get(TestData.Org());

        Assert.Equal((0u, 0u, true), (dto.MaxPasswordAttempts, dto.MaxOtpAttempts, dto.IsDefault));
    }

    [Fact]
    public async Task Get_with_a_custom_policy_answers_it_not_flagged_as_default()
    {
        var org = TestData.Org();
        org.AddLockoutPolicy(new LockoutPolicy(0, 0), TestData.Now, TestData.CallerId.Value);

        var dto = await Get(org, new LockoutPolicy(8, 1));

        Assert.Equal(new LockoutPolicyDto(new ObjectDetailsDto(2, TestData.Created, TestData.Now, TestData.OrgId.Value), 0, 0, IsDefault: false), dto);
    }

    [Fact]
    public void Rules_give_the_effective_lockout_policy()
    {
        var rules = TestData.Rules(settings: TestData.Settings() with { DefaultLockoutPolicy = new LockoutPolicy(8, 1) });
        var org = TestData.Org();

        Assert.Equal(new LockoutPolicy(8, 1), rules.DefaultLockoutPolicy);
        Assert.Equal(new LockoutPolicy(8, 1), rules.LockoutFor(org));
        org.AddLockoutPolicy(new LockoutPolicy(3, 0), TestData.Now, TestData.CallerId.Value);
        Assert.Equal(new LockoutPolicy(3, 0), rules.LockoutFor(org));
        Assert.Equal(LockoutPolicy.Default, TestData.Settings().DefaultLockoutPolicy);
    }

    [Fact]
    public void Commands_need_the_policy_permissions()
    {
        Assert.Equal(Permissions.PolicyRead, new GetLockoutPolicyQuery().Permission);
        Assert.Equal(Permissions.PolicyWrite, new AddCustomLockoutPolicyCommand(1, 1).Permission);
        Assert.Equal(Permissions.PolicyWrite, new UpdateCustomLockoutPolicyCommand(1, 1).Permission);
        Assert.Equal(Permissions.PolicyDelete, new ResetLockoutPolicyCommand().Permission);
    }
}
