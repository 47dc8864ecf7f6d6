using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Organizations;
using NSubstitute;

namespace Identity.Application.Tests;

/// <summary>
/// What the handler tests of one org policy need: the policy (two uint fields) and how it sits on the org, its four
/// handlers and requests, its DTO, its instance default in the settings and the rules, and its event types.
/// </summary>
internal sealed record TwoFieldPolicyHandlerDescriptor<TPolicy, TDto>(
    Func<uint, uint, TPolicy> Create,
    TPolicy Default,
    Func<Organization, TPolicy?> Of,
    Action<Organization, TPolicy, DateTimeOffset, string> AddToOrg,
    Func<RequestContext, IOrganizationRepository, TimeProvider, uint, uint, Task<ObjectDetailsDto>> Add,
    Func<RequestContext, IOrganizationRepository, TimeProvider, uint, uint, Task<ObjectDetailsDto>> Update,
    Func<RequestContext, IOrganizationRepository, TimeProvider, Task<ObjectDetailsDto>> Reset,
    Func<RequestContext, PasswordRules, Task<TDto>> Get,
    Func<ObjectDetailsDto, uint, uint, bool, TDto> Dto,
    Func<TDto, (uint First, uint Second, bool IsDefault)> Fields,
    Func<PasswordRulesSettings, TPolicy, PasswordRulesSettings> WithDefault,
    Func<PasswordRulesSettings, TPolicy> DefaultOf,
    Func<PasswordRules, TPolicy> RulesDefault,
    Func<PasswordRules, Organization, TPolicy> RulesFor,
    (Type Added, Type Changed, Type Removed) EventTypes,
    (IAuthorizedRequest Get, IAuthorizedRequest Add, IAuthorizedRequest Update, IAuthorizedRequest Reset) Requests)
    where TPolicy : class;

/// <summary>The Get/AddCustom/UpdateCustom/ResetToDefault handlers every org policy of two uint fields shares.</summary>
public abstract class TwoFieldPolicyHandlerTests<TPolicy, TDto>
    where TPolicy : class
{
    private readonly TwoFieldPolicyHandlerDescriptor<TPolicy, TDto> _policy;
    private readonly IOrganizationRepository _organizations = Substitute.For<IOrganizationRepository>();
    private readonly Organization _tenant = TestData.Org();
    private Organization _stored = TestData.Org();

    private protected TwoFieldPolicyHandlerTests(TwoFieldPolicyHandlerDescriptor<TPolicy, TDto> policy)
    {
        _policy = policy;
        _organizations.GetAsync(TestData.OrgId, Arg.Any<CancellationToken>()).Returns(_ => _stored);
    }

    private TPolicy Existing => _policy.Create(5, 3);

    private Organization StoredWithPolicy()
    {
        _policy.AddToOrg(_stored, Existing, TestData.Created, TestData.CallerId.Value);
        _stored.ClearPendingEvents();
        return _stored;
    }

    private Task<ObjectDetailsDto> Add(uint first, uint second) =>
        _policy.Add(TestData.Context(_tenant), _organizations, new FakeTimeProvider(TestData.Now), first, second);

    private Task<ObjectDetailsDto> Update(uint first, uint second) =>
        _policy.Update(TestData.Context(_tenant), _organizations, new FakeTimeProvider(TestData.Now), first, second);

    private Task<ObjectDetailsDto> Reset() =>
        _policy.Reset(TestData.Context(_tenant), _organizations, new FakeTimeProvider(TestData.Now));

    private Task<TDto> Get(Organization tenant, TPolicy? configuredDefault = null) =>
        _policy.Get(TestData.Context(tenant), TestData.Rules(settings: _policy.WithDefault(TestData.Settings(), configuredDefault ?? _policy.Default)));

    // ---- Add ------------------------------------------------------------------------------------

    [Fact]
    public async Task Add_puts_the_policy_on_the_org_loaded_from_the_repository()
    {
        var details = await Add(4, 2);

        Assert.Equal(_policy.Create(4, 2), _policy.Of(_stored));
        Assert.Equal(new ObjectDetailsDto(2, TestData.Created, TestData.Now, TestData.OrgId.Value), details);
        var added = _stored.PendingEvents[^1];
        Assert.IsType(_policy.EventTypes.Added, added);
        Assert.Equal(TestData.CallerId.Value, added.EditorId);
        Assert.Null(_policy.Of(_tenant));
        await _organizations.Received(1).GetAsync(TestData.OrgId, Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData(0u, 0u)]
    [InlineData(uint.MaxValue, uint.MaxValue)]
    public async Task Add_takes_any_uint32(uint first, uint second)
    {
        await Add(first, second);

        Assert.Equal(_policy.Create(first, second), _policy.Of(_stored));
    }

    [Fact]
    public async Task Add_when_the_org_has_one_is_AlreadyExists()
    {
        StoredWithPolicy();

        var error = await Assert.ThrowsAsync<DomainException>(() => Add(9, 9));

        Assert.Equal(ErrorKind.AlreadyExists, error.Kind);
        Assert.Equal("POLICY-AlreadyExists", error.Summary.Id);
        Assert.Equal(Existing, _policy.Of(_stored));
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

        Assert.Equal(_policy.Create(6, 3), _policy.Of(_stored));
        Assert.Equal(new ObjectDetailsDto(3, TestData.Created, TestData.Now, TestData.OrgId.Value), details);
        Assert.IsType(_policy.EventTypes.Changed, Assert.Single(_stored.PendingEvents));
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

        Assert.Null(_policy.Of(_stored));
        Assert.Equal(3, details.Sequence);
        Assert.IsType(_policy.EventTypes.Removed, Assert.Single(_stored.PendingEvents));
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
        var dto = await Get(TestData.Org(), _policy.Create(8, 1));

        Assert.Equal(_policy.Dto(new ObjectDetailsDto(1, TestData.Created, TestData.Created, TestData.OrgId.Value), 8, 1, true), dto);
    }

    [Fact]
    public async Task Get_without_configuration_answers_the_zero_policy_that_does_nothing()
    {
        var dto = await Get(TestData.Org());

        Assert.Equal((0u, 0u, true), _policy.Fields(dto));
    }

    [Fact]
    public async Task Get_with_a_custom_policy_answers_it_not_flagged_as_default()
    {
        var org = TestData.Org();
        _policy.AddToOrg(org, _policy.Create(0, 0), TestData.Now, TestData.CallerId.Value);

        var dto = await Get(org, _policy.Create(8, 1));

        Assert.Equal(_policy.Dto(new ObjectDetailsDto(2, TestData.Created, TestData.Now, TestData.OrgId.Value), 0, 0, false), dto);
    }

    [Fact]
    public void Rules_give_the_effective_policy()
    {
        var rules = TestData.Rules(settings: _policy.WithDefault(TestData.Settings(), _policy.Create(8, 1)));
        var org = TestData.Org();

        Assert.Equal(_policy.Create(8, 1), _policy.RulesDefault(rules));
        Assert.Equal(_policy.Create(8, 1), _policy.RulesFor(rules, org));
        _policy.AddToOrg(org, _policy.Create(3, 0), TestData.Now, TestData.CallerId.Value);
        Assert.Equal(_policy.Create(3, 0), _policy.RulesFor(rules, org));
        Assert.Equal(_policy.Default, _policy.DefaultOf(TestData.Settings()));
    }

    [Fact]
    public void Commands_need_the_policy_permissions()
    {
        Assert.Equal(Permissions.PolicyRead, _policy.Requests.Get.Permission);
        Assert.Equal(Permissions.PolicyWrite, _policy.Requests.Add.Permission);
        Assert.Equal(Permissions.PolicyWrite, _policy.Requests.Update.Permission);
        Assert.Equal(Permissions.PolicyDelete, _policy.Requests.Reset.Permission);
    }
}
