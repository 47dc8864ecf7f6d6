using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Orgs.AddOrg;
using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Organizations;
using NSubstitute;

namespace Identity.Application.Tests;

public class AddOrgHandlerTests
{
    private readonly IOrganizationRepository _organizations = Substitute.For<IOrganizationRepository>();
    private readonly IMembershipRepository _memberships = Substitute.For<IMembershipRepository>();
    private readonly IIdGenerator _ids = Substitute.For<IIdGenerator>();

    public AddOrgHandlerTests() => _ids.NewId().Returns("777");

    private AddOrgHandler Handler() =>
        new(TestData.Context(), _organizations, _memberships, _ids, new InstanceSettings(TestData.InstanceDomain), new FakeTimeProvider(TestData.Now));

    [Fact]
    public async Task Adds_the_org_and_makes_the_caller_its_owner()
    {
        Organization? org = null;
        Membership? membership = null;
        _organizations.Add(Arg.Do<Organization>(o => org = o));
        _memberships.Add(Arg.Do<Membership>(m => membership = m));

        var result = await Handler().Handle(new AddOrgCommand(" Big Co "), CancellationToken.None);

        Assert.NotNull(org);
        Assert.Equal(new OrgId("777"), org.Id);
        Assert.Equal("Big Co", org.Name);
        Assert.Equal("big-co.acme.localhost", org.PrimaryDomain);
        Assert.Equal(TestData.CallerId.Value, org.PendingEvents[0].EditorId);

        Assert.NotNull(membership);
        Assert.Equal("777", membership.Scope);
        Assert.Equal(TestData.CallerId, membership.UserId);
        Assert.Equal([Roles.OrgOwner], membership.Roles);
        Assert.Equal(TestData.Now, membership.CreatedAt);

        Assert.Equal("777", result.Id);
        Assert.Equal(1, result.Details.Sequence);
        Assert.Equal("777", result.Details.ResourceOwner);
        Assert.Equal(TestData.Now, result.Details.CreationDate);
        Assert.Equal(TestData.Now, result.Details.ChangeDate);
        _organizations.Received(1).Add(Arg.Any<Organization>());
        _memberships.Received(1).Add(Arg.Any<Membership>());
    }

    [Fact]
    public async Task Taken_domain_is_refused_and_nothing_is_added()
    {
        _organizations.DomainTakenAsync("big-co.acme.localhost", Arg.Any<CancellationToken>()).Returns(true);

        var error = await Assert.ThrowsAsync<DomainException>(() => Handler().Handle(new AddOrgCommand("BIG co"), CancellationToken.None));

        Assert.Equal(ErrorKind.AlreadyExists, error.Kind);
        Assert.Equal("ORG-AlreadyExists", error.Summary.Id);
        _organizations.DidNotReceiveWithAnyArgs().Add(default!);
        _memberships.DidNotReceiveWithAnyArgs().Add(default!);
    }

    [Fact]
    public async Task Invalid_name_is_refused_before_anything_is_added()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Handler().Handle(new AddOrgCommand("   "), CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        _organizations.DidNotReceiveWithAnyArgs().Add(default!);
        _memberships.DidNotReceiveWithAnyArgs().Add(default!);
    }
}
