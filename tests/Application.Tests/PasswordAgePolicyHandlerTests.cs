using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Policies;
using Identity.Application.Policies.AddCustomPasswordAgePolicy;
using Identity.Application.Policies.GetPasswordAgePolicy;
using Identity.Application.Policies.ResetPasswordAgePolicy;
using Identity.Application.Policies.UpdateCustomPasswordAgePolicy;
using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Organizations;
using Identity.Domain.Passwords;
using NSubstitute;

namespace Identity.Application.Tests;

public class PasswordAgePolicyHandlerTests
{
    private static readonly PasswordAgePolicy Existing = new(5, 3);

    private readonly IOrganizationRepository _organizations = Substitute.For<IOrganizationRepository>();
    private readonly Organization _tenant = TestData.Org();
    private Organization _stored = TestData.Org();

    public PasswordAgePolicyHandlerTests() =>
        _organizations.GetAsync(TestData.OrgId, Arg.Any<CancellationToken>()).Returns(_ => _stored);

    private Organization StoredWithPolicy()
    {
        _stored.AddPasswordAgePolicy(Existing, TestData.Created, TestData.CallerId.Value);
        _stored.ClearPendingEvents();
        return _stored;
    }

    private Task<ObjectDetailsDto> Add(uint maxAgeDays, uint expireWarnDays) =>
        new AddCustomPasswordAgePolicyHandler(TestData.Context(_tenant), _organizations, new FakeTimeProvider(TestData.Now))
            .Handle(new AddCustomPasswordAgePolicyCommand(maxAgeDays, expireWarnDays), CancellationToken.None);

    private Task<ObjectDetailsDto> Update(uint maxAgeDays, uint expireWarnDays) =>
        new UpdateCustomPasswordAgePolicyHandler(TestData.Context(_tenant), _organizations, new FakeTimeProvider(TestData.Now))
            .Handle(new UpdateCustomPasswordAgePolicyCommand(maxAgeDays, expireWarnDays), CancellationToken.None);

    private Task<ObjectDetailsDto> Reset() =>
        new ResetPasswordAgePolicyHandler(TestData.Context(_tenant), _organizations, new FakeTimeProvider(TestData.Now))
            .Handle(new ResetPasswordAgePolicyCommand(), CancellationToken.None);

    private static Task<PasswordAgePolicyDto> Get(Organization tenant, PasswordAgePolicy? configuredDefault = null) =>
        new GetPasswordAgePolicyHandler(
                TestData.Context(tenant),
                TestData.Rules(settings: TestData.Settings() with { DefaultPasswordAgePolicy = configuredDefault ?? PasswordAgePolicy.Default }))
            .Handle(new GetPasswordAgePolicyQuery(), CancellationToken.None);

    // ---- Add ------------------------------------------------------------------------------------

    [Fact]
    public async Task Add_puts_the_policy_on_the_org_loaded_from_the_repository()
    {
        var details = await Add(4, 2);

        Assert.Equal(new PasswordAgePolicy(4, 2), _stored.PasswordAgePolicy);
        Assert.Equal(new ObjectDetailsDto(2, TestData.Created, TestData.Now, TestData.OrgId.Value), details);
        var added = Assert.IsType<PasswordAgePolicyAdded>(_stored.PendingEvents[^1]);
        Assert.Equal(TestData.CallerId.Value, added.EditorId);
        Assert.Null(_tenant.PasswordAgePolicy);
        await _organizations.Received(1).GetAsync(TestData.OrgId, Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData(0u, 0u)]
    [InlineData(uint.MaxValue, uint.MaxValue)]
    public async Task Add_takes_any_uint32(uint maxAgeDays, uint expireWarnDays)
    {
        await Add(maxAgeDays, expireWarnDays);

        Assert.Equal(new PasswordAgePolicy(maxAgeDays, expireWarnDays), _stored.PasswordAgePolicy);
    }

    [Fact]
    public async Task Add_when_the_org_has_one_is_AlreadyExists()
    {
        StoredWithPolicy();

        var error = await Assert.ThrowsAsync<DomainException>(() => Add(9, 9));

        Assert.Equal(ErrorKind.AlreadyExists, error.Kind);
        Assert.Equal("POLICY-AlreadyExists", error.Summary.Id);
        Assert.Equal(Existing, _stored.PasswordAgePolicy);
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

        Assert.Equal(new PasswordAgePolicy(6, 3), _stored.PasswordAgePolicy);
        Assert.Equal(new ObjectDetailsDto(3, TestData.Created, TestData.Now, TestData.OrgId.Value), details);
        Assert.IsType<PasswordAgePolicyChanged>(Assert.Single(_stored.PendingEvents));
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

        Assert.Null(_stored.PasswordAgePolicy);
        Assert.Equal(3, details.Sequence);
        Assert.IsType<PasswordAgePolicyRemoved>(Assert.Single(_stored.PendingEvents));
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
        var dto = await Get(TestData.Org(), new PasswordAgePolicy(8, 1));

        Assert.Equal(new PasswordAgePolicyDto(new ObjectDetailsDto(1, TestData.Created, TestData.Created, TestData.OrgId.Value), 8, 1, IsDefault: true), dto);
    }

    [Fact]
    public async Task Get_without_configuration_answers_never_expires()
    {
        var dto = await Get(TestData.Org());

        Assert.Equal((0u, 0u, true), (dto.MaxAgeDays, dto.ExpireWarnDays, dto.IsDefault));
    }

    [Fact]
    public async Task Get_with_a_custom_policy_answers_it_not_flagged_as_default()
    {
        var org = TestData.Org();
        org.AddPasswordAgePolicy(new PasswordAgePolicy(0, 0), TestData.Now, TestData.CallerId.Value);

        var dto = await Get(org, new PasswordAgePolicy(8, 1));

        Assert.Equal(new PasswordAgePolicyDto(new ObjectDetailsDto(2, TestData.Created, TestData.Now, TestData.OrgId.Value), 0, 0, IsDefault: false), dto);
    }

    [Fact]
    public void Rules_give_the_effective_password_age_policy()
    {
        var rules = TestData.Rules(settings: TestData.Settings() with { DefaultPasswordAgePolicy = new PasswordAgePolicy(8, 1) });
        var org = TestData.Org();

        Assert.Equal(new PasswordAgePolicy(8, 1), rules.DefaultPasswordAgePolicy);
        Assert.Equal(new PasswordAgePolicy(8, 1), rules.PasswordAgeFor(org));
        org.AddPasswordAgePolicy(new PasswordAgePolicy(3, 0), TestData.Now, TestData.CallerId.Value);
        Assert.Equal(new PasswordAgePolicy(3, 0), rules.PasswordAgeFor(org));
        Assert.Equal(PasswordAgePolicy.Default, TestData.Settings().DefaultPasswordAgePolicy);
    }

    [Fact]
    public void Commands_need_the_policy_permissions()
    {
        Assert.Equal(Permissions.PolicyRead, new GetPasswordAgePolicyQuery().Permission);
        Assert.Equal(Permissions.PolicyWrite, new AddCustomPasswordAgePolicyCommand(1, 1).Permission);
        Assert.Equal(Permissions.PolicyWrite, new UpdateCustomPasswordAgePolicyCommand(1, 1).Permission);
        Assert.Equal(Permissions.PolicyDelete, new ResetPasswordAgePolicyCommand().Permission);
    }
}
