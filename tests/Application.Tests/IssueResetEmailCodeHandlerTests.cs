using System.Text.Json;
using Identity.Application.Events;
using Ev = Identity.Application.Events;
using Identity.Application.Notifications.IssueResetEmailCode;
using Identity.Application.Tests.Sessions;
using Identity.Domain.Common;
using Identity.Domain.Users;
using NSubstitute;

namespace Identity.Application.Tests;

/// <summary>
/// The notification sender's internal command: a fresh code for a reset email, its hash stored on the user (as the
/// system editor) and the code only in the answer; a superseded request issues nothing.
/// </summary>
public class IssueResetEmailCodeHandlerTests
{
    private static readonly DateTimeOffset RequestedAt = TestData.Now.AddMinutes(-1);
    private readonly SignInTestKit _kit = new();
    private readonly FakeResetCodes _codes = new() { Next = "K4M9PX" };

    public IssueResetEmailCodeHandlerTests()
    {
        _kit.Context.Caller = Identity.Application.Common.Caller.System("notifications");
    }

    private User Stored(User user)
    {
        _kit.Users.GetAsync(user.OrgId, user.Id, Arg.Any<CancellationToken>()).Returns(user);
        return user;
    }

    private Task<ResetEmailCodeResult> IssueAsync(string userId = "1", DateTimeOffset? requestedAt = null, string? earlierCode = null) =>
        new IssueResetEmailCodeHandler(_kit.Context, _kit.Users, _codes, TestData.Rules(), _kit.Clock)
            .Handle(new IssueResetEmailCodeCommand(userId, TestData.OrgId.Value, requestedAt ?? RequestedAt, earlierCode), default);

    /// <summary>A retry after an SMTP outage: the code of the email that did not leave is sent again, no new code or event.</summary>
    [Fact]
    public async Task A_retry_answers_the_earlier_code_while_it_is_open_with_half_its_lifetime_left()
    {
        var user = Stored(SignInTestKit.HumanWithPassword());
        user.RequestPasswordReset(FakeResetCodes.Hash("EARLIER"), TestData.Now.AddMinutes(31), TestData.Now.AddMinutes(-29), SystemEditor.Notifications);
        var events = user.PendingEvents.Count;

        var result = await IssueAsync(earlierCode: "EARLIER");

        Assert.Equal(("EARLIER", TestData.Now.AddMinutes(31)), (result.Email!.Code, result.Email.ExpiresAt));
        Assert.Equal(events, user.PendingEvents.Count);
        Assert.Equal(FakeResetCodes.Hash("EARLIER"), user.PasswordCodeHash);
        Assert.DoesNotContain("EARLIER", new IssueResetEmailCodeCommand("1", "2", RequestedAt, "EARLIER").ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("OTHER", 50)]   // another code was issued since (e.g. a newer request): the earlier one is void
    [InlineData("EARLIER", 29)] // less than half the lifetime left: a fresh code
    public async Task A_retry_issues_a_new_code_when_the_earlier_one_is_not_the_open_one_or_runs_out(string open, int minutesLeft)
    {
        var user = Stored(SignInTestKit.HumanWithPassword());
        user.RequestPasswordReset(FakeResetCodes.Hash(open), TestData.Now.AddMinutes(minutesLeft), TestData.Now.AddMinutes(minutesLeft - 60), SystemEditor.Notifications);

        var result = await IssueAsync(earlierCode: "EARLIER");

        Assert.Equal("K4M9PX", result.Email!.Code);
        Assert.Equal(FakeResetCodes.Hash("K4M9PX"), user.PasswordCodeHash);
        Assert.IsType<Identity.Domain.Users.PasswordCodeAdded>(user.PendingEvents[^1]);
    }

    [Fact]
    public async Task Issues_a_new_code_stores_only_its_hash_as_the_system_and_answers_what_the_email_needs()
    {
        var user = Stored(SignInTestKit.HumanWithPassword());
        user.RequestPasswordReset("H:OLD", TestData.Now.AddHours(1), TestData.Now.AddMinutes(-5), "900");

        var result = await IssueAsync();

        var email = Assert.IsType<ResetEmail>(result.Email);
        Assert.Null(result.Skipped);
        Assert.Equal(("alice.w@example.com", "K4M9PX", TestData.Now.AddHours(1)), (email.To, email.Code, email.ExpiresAt));
        Assert.Equal(FakeResetCodes.Hash("K4M9PX"), user.PasswordCodeHash); // the older code is replaced
        var added = Assert.IsType<Identity.Domain.Users.PasswordCodeAdded>(user.PendingEvents[^1]);
        Assert.Equal(SystemEditor.Notifications, added.EditorId);
        Assert.DoesNotContain("K4M9PX", email.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("K4M9PX", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_secret_reaches_the_integration_events_of_the_request_and_the_code()
    {
        var user = Stored(SignInTestKit.HumanWithPassword());
        user.RequestPasswordResetEmail("https://x.test/r?c={{.Code}}", RequestedAt, "900");

        await IssueAsync();

        var published = user.PendingEvents
            .Select(e => e with { AggregateId = "1", AggregateType = "user", Sequence = 2, CreatedAt = TestData.Now, EditorId = e.EditorId, ResourceOwner = "100" })
            .Select(IntegrationEventMapping.ToIntegrationEvent).ToList();
        Assert.Contains(published, e => e is Ev.PasswordResetEmailRequested { UrlTemplate: "https://x.test/r?c={{.Code}}" });
        Assert.Contains(published, e => e is Ev.PasswordCodeAdded);
        foreach (var e in published)
        {
            var json = JsonSerializer.Serialize(e, e.GetType());
            Assert.DoesNotContain("K4M9PX", json, StringComparison.Ordinal);
            Assert.DoesNotContain(FakeResetCodes.Hash("K4M9PX"), json, StringComparison.Ordinal);
        }

        foreach (var e in user.PendingEvents)
        {
            Assert.DoesNotContain("K4M9PX", JsonSerializer.Serialize(e.Payload), StringComparison.Ordinal);
        }
    }

    public static TheoryData<string, Func<User>, string> Superseded() => new()
    {
        { "unknown", () => SignInTestKit.HumanWithPassword(id: "77"), nameof(ResetEmailSkipReason.UserGone) },
        { "removed", () => SignInTestKit.HumanWithPassword().Reach(UserState.Removed), nameof(ResetEmailSkipReason.UserGone) },
        { "deactivated", () => SignInTestKit.HumanWithPassword().Reach(UserState.Inactive), nameof(ResetEmailSkipReason.UserInactive) },
        { "machine", () => TestData.Machine(id: "1"), nameof(ResetEmailSkipReason.NotHuman) },
        { "no email", () => WithoutEmail(SignInTestKit.HumanWithPassword()), nameof(ResetEmailSkipReason.NoEmail) },
    };

    private static User WithoutEmail(User user)
    {
        typeof(User).GetProperty(nameof(User.Human))!.SetValue(user, TestData.Profile() with { Email = "" });
        return user;
    }

    [Theory]
    [MemberData(nameof(Superseded))]
    public async Task A_superseded_request_issues_no_code(string why, Func<User> load, string reason)
    {
        var user = Stored(load());
        var sequence = user.Sequence;

        var result = await IssueAsync();

        Assert.True(result.Email is null, why);
        Assert.Equal(reason, result.Skipped.ToString());
        Assert.Null(user.PasswordCodeHash);
        Assert.Equal(sequence, user.Sequence);
    }

    [Fact]
    public async Task A_password_set_after_the_request_supersedes_it_one_set_before_does_not()
    {
        var user = Stored(SignInTestKit.HumanWithPassword());
        var changedAt = user.PasswordChangedAt!.Value;

        var after = await IssueAsync(requestedAt: changedAt.AddTicks(-1));
        Assert.Equal(ResetEmailSkipReason.PasswordChangedSince, after.Skipped);
        Assert.Null(user.PasswordCodeHash);

        var before = await IssueAsync(requestedAt: changedAt);
        Assert.NotNull(before.Email);
        Assert.NotNull(user.PasswordCodeHash);
    }

    [Fact]
    public void The_command_is_internal_needs_user_write_and_names_its_target()
    {
        var command = new IssueResetEmailCodeCommand("1", "100", RequestedAt);
        Assert.Equal(Identity.Domain.Access.Permissions.UserWrite, command.Permission);
        Assert.Equal("1", command.TargetUserId);
        Assert.False(typeof(IssueResetEmailCodeCommand).IsPublic);
        Assert.False(new IssueResetEmailCodeValidator().Validate(new IssueResetEmailCodeCommand("", "100", RequestedAt)).IsValid);
    }
}
