using Identity.Application;
using Identity.Application.Orgs.AddOrg;
using Identity.Application.Orgs.AddOrgMember;
using Identity.Application.Policies.AddCustomPasswordComplexityPolicy;
using Identity.Application.Sessions.CheckPassword;
using Identity.Application.Users.AddMachineUser;
using Identity.Application.Users.ChangeUserState;
using Identity.Application.Users.GetUserById;
using Identity.Application.Users.ImportHumanUser;
using Identity.Application.Users.ListUserChanges;
using Identity.Application.Users.SetInitialPassword;
using Identity.Domain.Common;
using Identity.Domain.Users;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Consumer.Tests;

/// <summary>
/// The in-process path, as another module uses it: provision an org and a user, set the initial
/// password, read the user back, meet the same errors and permissions as a web caller, and stay out of
/// the host's own MediatR pipeline and clock. README "Embedding and in-process use" shows this code.
/// </summary>
public sealed class InProcessTests(ShopHost host) : IClassFixture<ShopHost>
{
    private static ImportHumanUserCommand Minnie(string userName) => new(
        userName,
        new ImportHumanUserCommand.ProfileInput("Minnie", "Mouse", "", "Minnie Mouse", "en", Gender.Female),
        new ImportHumanUserCommand.EmailInput("minnie@acme.test", true),
        null,
        null,
        false);

    [Fact]
    public async Task A_module_provisions_an_org_and_a_user_and_sets_the_initial_password_as_the_system()
    {
        var identity = host.Identity;
        var shop = ModuleCaller.System("shop");

        var org = await identity.SendAsync(new AddOrgCommand("Shop " + Guid.NewGuid().ToString("N")[..8]), shop);
        var inOrg = ModuleCaller.System("shop", org.Id);
        var user = await identity.SendAsync(Minnie("minnie"), inOrg);
        var details = await identity.SendAsync(new SetInitialPasswordCommand(user.UserId, "Correct-Horse-42!"), inOrg);
        var read = await identity.SendAsync(new GetUserByIdQuery(user.UserId), inOrg);

        Assert.Equal(2, details.Sequence);
        Assert.Equal(org.Id, details.ResourceOwner);
        Assert.Equal(UserState.Active, read.State);
        Assert.NotNull(read.Human?.PasswordChanged);
        var changes = await identity.SendAsync(new ListUserChangesQuery(user.UserId, 0, 0, true), inOrg);
        Assert.All(changes, c => Assert.Equal(("system:shop", "System"), (c.EditorId, c.EditorDisplayName)));
        Assert.Equal(["user.human.added", "user.human.password.changed"], changes.Select(c => c.EventType));
    }

    [Fact]
    public async Task A_module_signs_a_user_in_with_the_same_rules_as_a_session()
    {
        var identity = host.Identity;
        var org = await identity.SendAsync(new AddOrgCommand("SignIn " + Guid.NewGuid().ToString("N")[..8]), ModuleCaller.System("shop"));
        var inOrg = ModuleCaller.System("shop", org.Id);
        var other = await identity.SendAsync(new AddOrgCommand("Other " + Guid.NewGuid().ToString("N")[..8]), ModuleCaller.System("shop"));
        var user = await identity.SendAsync(Minnie("minnie"), inOrg);
        await identity.SendAsync(new SetInitialPasswordCommand(user.UserId, "Correct-Horse-42!"), inOrg);

        var signedIn = await identity.SendAsync(new CheckPasswordCommand("minnie", "Correct-Horse-42!"), inOrg);
        var byLoginName = await identity.SendAsync(new CheckPasswordCommand("MINNIE@" + (await identity.SendAsync(new GetUserByIdQuery(user.UserId), inOrg)).PreferredLoginName.Split('@')[1], "Correct-Horse-42!"), inOrg);

        Assert.Equal((user.UserId, true), (signedIn.UserId, signedIn.PasswordChangeRequired));
        Assert.Equal(user.UserId, byLoginName.UserId);
        var wrong = await Assert.ThrowsAsync<DomainException>(() => identity.SendAsync(new CheckPasswordCommand("minnie", "Wrong-Horse-42!"), inOrg));
        var unknown = await Assert.ThrowsAsync<DomainException>(() => identity.SendAsync(new CheckPasswordCommand("nobody", "Correct-Horse-42!"), inOrg));
        var elsewhere = await Assert.ThrowsAsync<DomainException>(() => identity.SendAsync(new CheckPasswordCommand("minnie", "Correct-Horse-42!"), ModuleCaller.System("shop", other.Id)));
        Assert.All([wrong, unknown, elsewhere], e => Assert.Equal((ErrorKind.InvalidArgument, "COMMAND-3M0fs", "Password is invalid"), (e.Kind, e.Summary.Id, e.Summary.Message)));
    }

    [Fact]
    public async Task Refusals_carry_the_same_stable_ids_as_on_the_wire()
    {
        var identity = host.Identity;
        var org = await identity.SendAsync(new AddOrgCommand("Ids " + Guid.NewGuid().ToString("N")[..8]), ModuleCaller.System("shop"));
        var inOrg = ModuleCaller.System("shop", org.Id);
        var user = await identity.SendAsync(Minnie("mickey"), inOrg);

        var weak = await Assert.ThrowsAsync<DomainException>(() => identity.SendAsync(new SetInitialPasswordCommand(user.UserId, "weak"), inOrg));
        var unknown = await Assert.ThrowsAsync<DomainException>(() => identity.SendAsync(new GetUserByIdQuery("404404"), inOrg));
        var noOrg = await Assert.ThrowsAsync<DomainException>(() => identity.SendAsync(new GetUserByIdQuery(user.UserId), ModuleCaller.System("shop")));
        var invalid = await Assert.ThrowsAsync<DomainException>(() => identity.SendAsync(new SetInitialPasswordCommand("", "Correct-Horse-42!"), inOrg));

        Assert.Equal((ErrorKind.InvalidArgument, "POLICY-PasswordInvalid"), (weak.Kind, weak.Summary.Id));
        Assert.Contains(weak.Details, d => d.Id == "POLICY-MinLength");
        Assert.Equal((ErrorKind.NotFound, "USER-NotFound"), (unknown.Kind, unknown.Summary.Id));
        Assert.Equal((ErrorKind.InvalidArgument, "AUTH-OrgRequired"), (noOrg.Kind, noOrg.Summary.Id));
        Assert.Equal((ErrorKind.InvalidArgument, "VALIDATION-InvalidArgument"), (invalid.Kind, invalid.Summary.Id));
        Assert.DoesNotContain("weak", weak.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_caller_has_its_roles_and_nothing_more()
    {
        var identity = host.Identity;
        var org = await identity.SendAsync(new AddOrgCommand("Roles " + Guid.NewGuid().ToString("N")[..8]), ModuleCaller.System("shop"));
        var system = ModuleCaller.System("shop", org.Id);
        var bot = await identity.SendAsync(new AddMachineUserCommand("bot", "Bot", "", AccessTokenType.Bearer, null), system);
        await identity.SendAsync(new AddOrgMemberCommand(bot.UserId, ["ORG_USER_MANAGER"]), system);
        var owner = await identity.SendAsync(new AddMachineUserCommand("owner", "Owner", "", AccessTokenType.Bearer, null), system);
        await identity.SendAsync(new AddOrgMemberCommand(owner.UserId, ["ORG_OWNER"]), system);
        var user = await identity.SendAsync(Minnie("daisy"), system);
        var asBot = ModuleCaller.User(bot.UserId);

        var set = await identity.SendAsync(new SetInitialPasswordCommand(user.UserId, "Correct-Horse-42!"), asBot);
        var policy = await Assert.ThrowsAsync<DomainException>(() => identity.SendAsync(new AddCustomPasswordComplexityPolicyCommand(10, true, true, true, true), asBot));
        var lockOwner = await Assert.ThrowsAsync<DomainException>(() => identity.SendAsync(new ChangeUserStateCommand(owner.UserId, UserStateChange.Lock), asBot));
        var stranger = await Assert.ThrowsAsync<DomainException>(() => identity.SendAsync(new GetUserByIdQuery(user.UserId), ModuleCaller.User("404404")));

        Assert.Equal(2, set.Sequence);
        Assert.Equal("AUTH-PermissionDenied", policy.Summary.Id);
        Assert.Equal("AUTH-TargetOutranksCaller", lockOwner.Summary.Id);
        Assert.Equal((ErrorKind.Unauthenticated, "AUTH-Unauthenticated"), (stranger.Kind, stranger.Summary.Id));

        await identity.SendAsync(new ChangeUserStateCommand(bot.UserId, UserStateChange.Lock), system);
        var locked = await Assert.ThrowsAsync<DomainException>(() => identity.SendAsync(new GetUserByIdQuery(user.UserId), asBot));
        Assert.Equal("AUTH-Unauthenticated", locked.Summary.Id);
    }

    /// <summary>The host's MediatR request passes only the host's pipeline; the module's behaviours never see it.</summary>
    [Fact]
    public async Task The_hosts_own_mediatr_request_passes_only_the_hosts_pipeline()
    {
        await using var scope = host.App.Services.CreateAsyncScope();

        var answer = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new PlaceOrder("tea"));

        Assert.Equal($"tea at {FrozenClock.Now:O}", answer);
        var behaviours = scope.ServiceProvider.GetServices<IPipelineBehavior<PlaceOrder, string>>().Select(b => b.GetType().Name).ToList();
        Assert.Equal(["ShopAuditBehaviour`2"], behaviours);
        Assert.Contains(nameof(PlaceOrder), host.App.Services.GetRequiredService<ShopAudit>().Seen);
    }

    /// <summary>The module keeps its own clock and pipeline: the host's clock and behaviour do not reach it.</summary>
    [Fact]
    public async Task The_module_keeps_its_own_clock_and_the_hosts_behaviour_never_sees_its_requests()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        var org = await host.Identity.SendAsync(new AddOrgCommand("Clock " + Guid.NewGuid().ToString("N")[..8]), ModuleCaller.System("shop"));

        Assert.InRange(org.Details.CreationDate, before, DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.IsType<FrozenClock>(host.App.Services.GetRequiredService<TimeProvider>());
        Assert.DoesNotContain(nameof(AddOrgCommand), host.App.Services.GetRequiredService<ShopAudit>().Seen);
        var repositoryPort = typeof(IIdentityModule).Assembly.GetType("Identity.Application.Abstractions.IUserRepository", throwOnError: true)!;
        Assert.Null(host.App.Services.GetService(repositoryPort));
    }

    /// <summary>The module's events reach another module through the facade, after commit, in order per user.</summary>
    [Fact]
    public async Task A_module_reacts_to_the_users_it_provisioned()
    {
        var identity = host.Identity;
        var received = new System.Collections.Concurrent.ConcurrentQueue<Identity.Application.Events.IntegrationEvent>();
        using var subscription = identity.Subscribe("shop-welcome-" + Guid.NewGuid().ToString("N")[..8], (e, _) =>
        {
            received.Enqueue(e);
            return Task.CompletedTask;
        });
        // A new group starts with what commits after the dispatcher registered it: wait until a probe arrives.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        AddOrgResult org;
        do
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), "the subscription never started");
            org = await identity.SendAsync(new AddOrgCommand("Events " + Guid.NewGuid().ToString("N")[..8]), ModuleCaller.System("shop"));
            await Task.Delay(200);
        }
        while (!received.Any(e => e is Identity.Application.Events.OrgAdded && e.AggregateId == org.Id));

        var inOrg = ModuleCaller.System("shop", org.Id);
        var user = await identity.SendAsync(Minnie("goofy"), inOrg);
        await identity.SendAsync(new SetInitialPasswordCommand(user.UserId, "Correct-Horse-42!"), inOrg);
        await identity.SendAsync(new ChangeUserStateCommand(user.UserId, UserStateChange.Lock), inOrg);

        waited.Restart();
        List<Identity.Application.Events.IntegrationEvent> mine;
        while ((mine = [.. received.Where(e => e.AggregateId == user.UserId)]).Count < 3 && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(20);
        }

        Assert.Collection(
            mine,
            e => Assert.Equal(("goofy", false, 1L), e is Identity.Application.Events.UserAdded a ? (a.UserName, a.IsMachine, a.Sequence) : default),
            e => Assert.True(e is Identity.Application.Events.InitialPasswordSet { ChangeRequired: true, Sequence: 2, EditorId: "system:shop" }, e.ToString()),
            e => Assert.True(e is Identity.Application.Events.UserLocked { Sequence: 3 }, e.ToString()));
        Assert.All(mine, e => Assert.Equal(org.Id, e.OrgId));
        Assert.DoesNotContain("Correct-Horse", string.Join("\n", received), StringComparison.Ordinal);
    }
}
