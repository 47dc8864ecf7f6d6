using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Common.Behaviours;
using Identity.Application.Users;
using Identity.Application.Users.GetUserById;
using Identity.Application.Users.SetInitialPassword;
using Identity.Domain.Common;
using NSubstitute;

namespace Identity.Application.Tests;

public class UnitOfWorkBehaviourTests
{
    private const int MaxAttempts = UnitOfWorkBehaviour<SetInitialPasswordCommand, ObjectDetailsDto>.MaxAttempts;
    private static readonly SetInitialPasswordCommand Command = new("1", TestData.GoodPassword);

    private readonly IUnitOfWork _unitOfWork = Substitute.For<IUnitOfWork>();
    private readonly List<string> _log = [];
    private readonly Queue<Exception> _saveFailures = new();

    public UnitOfWorkBehaviourTests()
    {
        _unitOfWork.SaveChangesAsync(Arg.Any<CancellationToken>()).Returns(_ =>
        {
            _log.Add("save");
            return _saveFailures.TryDequeue(out var error) ? Task.FromException(error) : Task.CompletedTask;
        });
        _unitOfWork.When(u => u.Reset()).Do(_ => _log.Add("reset"));
    }

    private static ObjectDetailsDto Response(int attempt) => new(attempt, TestData.Created, TestData.Now, "100");

    private NextSpy<ObjectDetailsDto> Handler() => new(attempt =>
    {
        _log.Add("handle");
        return Response(attempt);
    });

    private Task<ObjectDetailsDto> Send(NextSpy<ObjectDetailsDto> next) =>
        new UnitOfWorkBehaviour<SetInitialPasswordCommand, ObjectDetailsDto>(_unitOfWork).Handle(Command, CancellationToken.None, next.Delegate);

    private void SaveFails(int times, Exception error)
    {
        for (var i = 0; i < times; i++)
        {
            _saveFailures.Enqueue(error);
        }
    }

    [Fact]
    public async Task Command_is_committed_once_after_the_handler()
    {
        var next = Handler();

        var result = await Send(next);

        Assert.Equal(1, result.Sequence);
        Assert.Equal(["handle", "save"], _log);
        await _unitOfWork.Received(1).SaveChangesAsync(Arg.Any<CancellationToken>());
        _unitOfWork.DidNotReceive().Reset();
    }

    [Fact]
    public async Task Query_never_commits()
    {
        var dto = new UserDto("1", Response(1), Identity.Domain.Users.UserState.Active, "alice", [], "alice", null, null);
        var next = new NextSpy<UserDto>(dto);

        var result = await new UnitOfWorkBehaviour<GetUserByIdQuery, UserDto>(_unitOfWork)
            .Handle(new GetUserByIdQuery("1"), CancellationToken.None, next.Delegate);

        Assert.Same(dto, result);
        Assert.Equal(1, next.Calls);
        await _unitOfWork.DidNotReceiveWithAnyArgs().SaveChangesAsync(default);
        _unitOfWork.DidNotReceive().Reset();
    }

    [Fact]
    public async Task Conflict_is_retried_after_a_reset_and_the_handler_runs_again()
    {
        SaveFails(1, new ConcurrencyConflictException());
        var next = Handler();

        var result = await Send(next);

        Assert.Equal(2, result.Sequence); // the response of the second run
        Assert.Equal(2, next.Calls);
        Assert.Equal(["handle", "save", "reset", "handle", "save"], _log);
    }

    [Fact]
    public async Task Conflicts_below_the_limit_are_all_retried()
    {
        SaveFails(MaxAttempts - 1, new ConcurrencyConflictException());
        var next = Handler();

        var result = await Send(next);

        Assert.Equal(MaxAttempts, result.Sequence);
        Assert.Equal(MaxAttempts, next.Calls);
        _unitOfWork.Received(MaxAttempts - 1).Reset();
    }

    [Fact]
    public async Task Persistent_conflict_answers_aborted_after_max_attempts()
    {
        SaveFails(MaxAttempts + 10, new ConcurrencyConflictException());
        var next = Handler();

        var error = await Assert.ThrowsAsync<DomainException>(() => Send(next));

        Assert.Equal(ErrorKind.Aborted, error.Kind);
        Assert.Equal("COMMAND-ConcurrentModification", error.Summary.Id);
        Assert.Equal(5, MaxAttempts);
        Assert.Equal(MaxAttempts, next.Calls);
        await _unitOfWork.Received(MaxAttempts).SaveChangesAsync(Arg.Any<CancellationToken>());
        _unitOfWork.Received(MaxAttempts).Reset();
    }

    [Fact]
    public async Task Handler_failure_means_no_commit()
    {
        var next = new NextSpy<ObjectDetailsDto>(_ => throw new DomainException(Errors.User.NotFound, "User could not be found"));

        var error = await Assert.ThrowsAsync<DomainException>(() => Send(next));

        Assert.Equal("USER-NotFound", error.Summary.Id);
        Assert.Equal(1, next.Calls);
        await _unitOfWork.DidNotReceiveWithAnyArgs().SaveChangesAsync(default);
        _unitOfWork.DidNotReceive().Reset();
    }

    [Fact]
    public async Task Handler_failure_on_a_retry_is_not_committed()
    {
        SaveFails(1, new ConcurrencyConflictException());
        var next = new NextSpy<ObjectDetailsDto>(attempt => attempt == 1 ? Response(1) : throw new InvalidOperationException("gone"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => Send(next));

        Assert.Equal(2, next.Calls);
        await _unitOfWork.Received(1).SaveChangesAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Other_commit_failures_are_not_retried()
    {
        SaveFails(1, new InvalidOperationException("database down"));
        var next = Handler();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Send(next));

        Assert.Equal("database down", error.Message);
        Assert.Equal(1, next.Calls);
        _unitOfWork.DidNotReceive().Reset();
    }
}
