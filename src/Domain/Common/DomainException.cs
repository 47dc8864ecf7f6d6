namespace Identity.Domain.Common;

/// <summary>The kind of a failure; the protocol adapter maps it to a gRPC code and an HTTP status.</summary>
public enum ErrorKind
{
    InvalidArgument,
    FailedPrecondition,
    NotFound,
    AlreadyExists,
    PermissionDenied,
    Unauthenticated,
    Aborted,
    ResourceExhausted,
    Unavailable,
    Unimplemented,
    Internal,
    Cancelled,
}

/// <summary>One violated rule: a stable id (never changes once released) and a human-readable message.</summary>
public sealed record ErrorDetail(string Id, string Message);

/// <summary>
/// The one convention for rule failures. <see cref="Summary"/> is the summary; <see cref="Details"/>
/// lists every violated rule (at least the summary). Messages never contain secrets.
/// </summary>
public sealed class DomainException : Exception
{
    public DomainException(ErrorKind kind, ErrorDetail error, IReadOnlyList<ErrorDetail>? details = null)
        : base($"{error.Message} ({error.Id})")
    {
        Kind = kind;
        Summary = error;
        Details = details is { Count: > 0 } ? details : [error];
    }

    /// <summary>A failure of a catalogue entry (<see cref="Errors"/>): its id and kind, with this occurrence's message.</summary>
    public DomainException(ErrorCode code, string message, IReadOnlyList<ErrorDetail>? details = null)
        : this(code?.Kind ?? throw new ArgumentNullException(nameof(code)), new ErrorDetail(code.Id, message), details)
    {
    }

    public DomainException()
        : this(ErrorKind.Internal, new ErrorDetail(Errors.Internal.UnknownId, "Internal error"))
    {
    }

    public DomainException(string message)
        : this(ErrorKind.Internal, new ErrorDetail(Errors.Internal.UnknownId, message))
    {
    }

    public DomainException(string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = ErrorKind.Internal;
        Summary = new ErrorDetail(Errors.Internal.UnknownId, message);
        Details = [Summary];
    }

    public ErrorKind Kind { get; }

    public ErrorDetail Summary { get; }

    public IReadOnlyList<ErrorDetail> Details { get; }

    /// <summary>When the caller may try again, for refusals that are about load (answered as <c>Retry-After</c>).</summary>
    public TimeSpan? RetryAfter { get; init; }
}
