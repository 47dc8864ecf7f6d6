using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Common.Behaviours;
using Identity.Application.Users;
using Identity.Application.Users.GetUserById;
using Identity.Application.Users.ImportHumanUser;
using Identity.Application.Users.SetInitialPassword;
using Identity.Domain.Common;
using MediatR;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace Identity.Application.Tests;

#pragma warning disable CA2012 // NSubstitute configures and checks ValueTask-returning members by calling them

public class PasswordCallBehaviourTests
{
    private static readonly OrgId TenantId = new("555");
    private readonly IPasswordCallGate _gate = Substitute.For<IPasswordCallGate>();
    private readonly IDisposable _lease = Substitute.For<IDisposable>();
    private readonly RequestContext _context = TestData.Context(TestData.Org(TenantId), callerOrg: TestData.OrgId);
    private readonly List<string> _log = [];

    public PasswordCallBehaviourTests()
    {
        _gate.EnterAsync(Arg.Any<UserId>(), Arg.Any<OrgId>(), Arg.Any<CancellationToken>()).Returns(_ =>
        {
            _log.Add("enter");
            return ValueTask.FromResult(_lease);
        });
        _lease.When(l => l.Dispose()).Do(_ => _log.Add("leave"));
    }

    private Task<TResponse> Send<TRequest, TResponse>(TRequest request, Func<TResponse> handler)
        where TRequest : IRequest<TResponse> =>
        new PasswordCallBehaviour<TRequest, TResponse>(_context, _gate).Handle(request, CancellationToken.None, () =>
        {
            _log.Add("next");
            return Task.FromResult(handler());
        });

    private static ObjectDetailsDto Details() => new(2, TestData.Created, TestData.Now, TenantId.Value);

    private static ImportHumanUserCommand Import(string? password) => new(
        "minnie", new ImportHumanUserCommand.ProfileInput("Minnie", "Mouse", "", "", "en", Domain.Users.Gender.Female),
        new ImportHumanUserCommand.EmailInput("minnie@acme.test", true), null, password, false);

    [Fact]
    public async Task A_password_call_holds_a_lease_of_the_caller_and_tenant_while_the_rest_of_the_pipeline_runs()
    {
        await Send<SetInitialPasswordCommand, ObjectDetailsDto>(new SetInitialPasswordCommand("1", TestData.GoodPassword), Details);

        await _gate.Received(1).EnterAsync(TestData.CallerId, TenantId, Arg.Any<CancellationToken>());
        Assert.Equal(["enter", "next", "leave"], _log);
    }

    [Fact]
    public async Task An_import_with_a_password_is_a_password_call()
    {
        await Send<ImportHumanUserCommand, ImportHumanUserResult>(Import(TestData.GoodPassword), () => new ImportHumanUserResult("1", Details()));

        Assert.Equal(["enter", "next", "leave"], _log);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task An_import_without_a_password_does_not_wait_for_the_gate(string? password)
    {
        await Send<ImportHumanUserCommand, ImportHumanUserResult>(Import(password), () => new ImportHumanUserResult("1", Details()));

        await _gate.DidNotReceiveWithAnyArgs().EnterAsync(default!, default!, default);
        Assert.Equal(["next"], _log);
    }

    [Fact]
    public async Task Other_requests_pass_without_the_gate()
    {
        await Send<GetUserByIdQuery, UserDto>(new GetUserByIdQuery("1"), () => null!);

        await _gate.DidNotReceiveWithAnyArgs().EnterAsync(default!, default!, default);
        Assert.Equal(["next"], _log);
    }

    [Fact]
    public async Task A_refusal_leaves_with_its_retry_after_and_the_rest_of_the_pipeline_never_runs()
    {
        var refusal = new DomainException(ErrorKind.Unavailable, new ErrorDetail("API-Overloaded", "busy")) { RetryAfter = TimeSpan.FromSeconds(1) };
        _gate.EnterAsync(Arg.Any<UserId>(), Arg.Any<OrgId>(), Arg.Any<CancellationToken>()).ThrowsAsync(refusal);

        var error = await Assert.ThrowsAsync<DomainException>(() => Send<SetInitialPasswordCommand, ObjectDetailsDto>(new SetInitialPasswordCommand("1", TestData.GoodPassword), Details));

        Assert.Same(refusal, error);
        Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
        Assert.DoesNotContain("next", _log);
    }

    [Fact]
    public async Task The_lease_is_returned_when_the_handler_fails()
    {
        await Assert.ThrowsAsync<DomainException>(() => Send<SetInitialPasswordCommand, ObjectDetailsDto>(
            new SetInitialPasswordCommand("1", TestData.GoodPassword), () => throw new DomainException(Errors.User.NotFound, "User could not be found")));

        Assert.Equal(["enter", "next", "leave"], _log);
    }

    [Fact]
    public async Task Without_an_authenticated_caller_nothing_waits_for_a_slot()
    {
        _context.Caller = null;

        var error = await Assert.ThrowsAsync<DomainException>(() => Send<SetInitialPasswordCommand, ObjectDetailsDto>(new SetInitialPasswordCommand("1", TestData.GoodPassword), Details));

        Assert.Equal(ErrorKind.Unauthenticated, error.Kind);
        await _gate.DidNotReceiveWithAnyArgs().EnterAsync(default!, default!, default);
        Assert.Empty(_log);
    }
}
