using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Policies.AddCustomPasswordComplexityPolicy;
using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Organizations;
using Identity.Domain.Passwords;
using NSubstitute;

namespace Identity.Application.Tests;

public class AddCustomPasswordComplexityPolicyHandlerTests
{
    private readonly IOrganizationRepository _organizations = Substitute.For<IOrganizationRepository>();
    private readonly Organization _tenant = TestData.Org();
    private readonly Organization _stored = TestData.Org();

    public AddCustomPasswordComplexityPolicyHandlerTests() =>
        _organizations.GetAsync(TestData.OrgId, Arg.Any<CancellationToken>()).Returns(_stored);

    private Task<ObjectDetailsDto> Add(AddCustomPasswordComplexityPolicyCommand command) =>
        new AddCustomPasswordComplexityPolicyHandler(TestData.Context(_tenant), _organizations, new FakeTimeProvider(TestData.Now))
            .Handle(command, CancellationToken.None);

    [Fact]
    public async Task Policy_is_added_to_the_org_loaded_from_the_repository()
    {
        var details = await Add(new AddCustomPasswordComplexityPolicyCommand(12, false, true, true, false));

        Assert.Equal(new PasswordComplexityPolicy(12, false, true, true, false), _stored.PasswordPolicy);
        Assert.Equal(new ObjectDetailsDto(2, TestData.Created, TestData.Now, TestData.OrgId.Value), details);
        var added = _stored.PendingEvents[^1];
        Assert.Equal("org.policy.password.complexity.added", added.Type);
        Assert.Equal(TestData.CallerId.Value, added.EditorId);
        Assert.Null(_tenant.PasswordPolicy);
        Assert.Equal(1, _tenant.Sequence);
        await _organizations.Received(1).GetAsync(TestData.OrgId, Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData(1ul, true, false, false, false)]
    [InlineData(72ul, false, false, false, true)]
    [InlineData(8ul, true, true, true, true)]
    public async Task Every_field_is_taken_over(ulong minLength, bool upper, bool lower, bool number, bool symbol)
    {
        await Add(new AddCustomPasswordComplexityPolicyCommand(minLength, upper, lower, number, symbol));

        Assert.Equal(new PasswordComplexityPolicy((int)minLength, upper, lower, number, symbol), _stored.PasswordPolicy);
    }

    [Fact]
    public async Task Second_policy_is_AlreadyExists()
    {
        _stored.AddPasswordPolicy(new PasswordComplexityPolicy(10, true, true, true, true), TestData.Created, TestData.CallerId.Value);

        var error = await Assert.ThrowsAsync<DomainException>(() => Add(new AddCustomPasswordComplexityPolicyCommand(12, false, true, true, false)));

        Assert.Equal(ErrorKind.AlreadyExists, error.Kind);
        Assert.Equal("POLICY-AlreadyExists", error.Summary.Id);
        Assert.Equal(new PasswordComplexityPolicy(10, true, true, true, true), _stored.PasswordPolicy);
        Assert.Equal(2, _stored.Sequence);
    }

    [Theory]
    [InlineData(0ul)]
    [InlineData(73ul)]
    public async Task Out_of_range_min_length_that_got_past_validation_is_still_refused(ulong minLength)
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Add(new AddCustomPasswordComplexityPolicyCommand(minLength, true, true, true, true)));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("POLICY-MinLengthRange", error.Summary.Id);
        Assert.Null(_stored.PasswordPolicy);
        Assert.Equal(1, _stored.Sequence);
    }

    [Fact]
    public async Task Org_that_cannot_be_loaded_is_denied()
    {
        _organizations.GetAsync(TestData.OrgId, Arg.Any<CancellationToken>()).Returns((Organization?)null);

        var error = await Assert.ThrowsAsync<DomainException>(() => Add(new AddCustomPasswordComplexityPolicyCommand(12, false, true, true, false)));

        Assert.Equal(ErrorKind.PermissionDenied, error.Kind);
        Assert.Equal("AUTH-OrgNotFound", error.Summary.Id);
    }

    [Fact]
    public void Command_needs_policy_write()
    {
        Assert.Equal(Permissions.PolicyWrite, new AddCustomPasswordComplexityPolicyCommand(8, true, true, true, true).Permission);
    }
}
