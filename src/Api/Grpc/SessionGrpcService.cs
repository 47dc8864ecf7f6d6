using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Identity.Api.Composition;
using Identity.Application.Sessions;
using Identity.Application.Sessions.CreateSession;
using Identity.Application.Sessions.DeleteSession;
using Identity.Application.Sessions.GetSession;
using Identity.Application.Sessions.ListSessions;
using Identity.Application.Sessions.SetSession;
using Identity.Domain.Common;
using MediatR;
using Zitadel.Session.V2;

namespace Identity.Api.Grpc;

/// <summary>
/// zitadel.session.v2.SessionService for gRPC and, through JSON transcoding, REST under <c>/v2/sessions</c>.
/// Each method translates the wire message (refusing the checks, challenges and queries this module does not
/// offer), sends it through MediatR and translates the answer.
/// </summary>
internal sealed class SessionGrpcService(ModuleRequestScope module) : SessionService.SessionServiceBase
{
    private IMediator Mediator => module.Services.GetRequiredService<IMediator>();

    public override async Task<CreateSessionResponse> CreateSession(CreateSessionRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var command = new CreateSessionCommand(
            UserCheck(request.Checks),
            request.Checks?.Password?.Password,
            Metadata(request.Metadata),
            UserAgent(request.UserAgent),
            Lifetime(request.Lifetime))
        {
            UnsupportedChecks = Unsupported(request.Checks, request.Challenges),
        };
        var result = await Mediator.Send(command, context.CancellationToken).ConfigureAwait(false);
        return new CreateSessionResponse
        {
            Details = result.Details.ToV2Proto(),
            SessionId = result.SessionId,
            SessionToken = result.SessionToken,
            PasswordChangeRequired = result.PasswordChangeRequired,
            PasswordChangeReason = ProtoMapping.ToWire(result.PasswordChangeReason),
        };
    }

    public override async Task<SetSessionResponse> SetSession(SetSessionRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var command = new SetSessionCommand(
            request.SessionId,
            UserCheck(request.Checks),
            request.Checks?.Password?.Password,
            Metadata(request.Metadata),
            Lifetime(request.Lifetime))
        {
            UnsupportedChecks = Unsupported(request.Checks, request.Challenges),
        };
        var result = await Mediator.Send(command, context.CancellationToken).ConfigureAwait(false);
        return new SetSessionResponse
        {
            Details = result.Details.ToV2Proto(),
            SessionToken = result.SessionToken,
            PasswordChangeRequired = result.PasswordChangeRequired,
            PasswordChangeReason = ProtoMapping.ToWire(result.PasswordChangeReason),
        };
    }

    public override async Task<GetSessionResponse> GetSession(GetSessionRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var session = await Mediator.Send(
            new GetSessionQuery(request.SessionId, request.HasSessionToken ? request.SessionToken : null), context.CancellationToken).ConfigureAwait(false);
        return new GetSessionResponse { Session = session.ToProto() };
    }

    public override async Task<ListSessionsResponse> ListSessions(ListSessionsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var query = request.Query ?? new Zitadel.Object.V2.ListQuery();
        var unsupported = request.Queries
            .Where(q => q.QueryCase is not (SearchQuery.QueryOneofCase.IdsQuery or SearchQuery.QueryOneofCase.UserIdQuery))
            .Select(q => q.QueryCase == SearchQuery.QueryOneofCase.None ? "an empty search query" : $"the {q.QueryCase} search query")
            .Distinct()
            .ToList();
        var list = await Mediator.Send(
            new ListSessionsQuery(
                query.Offset,
                query.Limit,
                query.Asc,
                [.. request.Queries.Where(q => q.QueryCase == SearchQuery.QueryOneofCase.IdsQuery).Select(q => (IReadOnlyList<string>)[.. q.IdsQuery.Ids])],
                [.. request.Queries.Where(q => q.QueryCase == SearchQuery.QueryOneofCase.UserIdQuery).Select(q => q.UserIdQuery.Id)])
            {
                UnsupportedQueries = unsupported,
            },
            context.CancellationToken).ConfigureAwait(false);
        var response = new ListSessionsResponse
        {
            Details = new Zitadel.Object.V2.ListDetails { TotalResult = (ulong)list.TotalResult, Timestamp = Timestamp.FromDateTimeOffset(list.Timestamp) },
        };
        response.Sessions.AddRange(list.Sessions.Select(s => s.ToProto()));
        return response;
    }

    public override async Task<DeleteSessionResponse> DeleteSession(DeleteSessionRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var details = await Mediator.Send(
            new DeleteSessionCommand(request.SessionId, request.HasSessionToken ? request.SessionToken : null), context.CancellationToken).ConfigureAwait(false);
        return new DeleteSessionResponse { Details = details.ToV2Proto() };
    }

    private static UserCheckInput? UserCheck(Checks? checks) => checks?.User switch
    {
        null => null,
        { SearchCase: CheckUser.SearchOneofCase.UserId } u => new UserCheckInput(u.UserId, null),
        { SearchCase: CheckUser.SearchOneofCase.LoginName } u => new UserCheckInput(null, u.LoginName),
        _ => new UserCheckInput(null, null),
    };

    private static Dictionary<string, byte[]> Metadata(Google.Protobuf.Collections.MapField<string, ByteString> metadata) =>
        metadata.ToDictionary(m => m.Key, m => m.Value.ToByteArray(), StringComparer.Ordinal);

    private static UserAgentInput? UserAgent(UserAgent? agent) => agent is null
        ? null
        : new UserAgentInput(
            agent.HasFingerprintId ? agent.FingerprintId : null,
            agent.HasIp ? agent.Ip : null,
            agent.HasDescription ? agent.Description : null,
            agent.Header.ToDictionary(h => h.Key, h => (IReadOnlyList<string>)[.. h.Value.Values], StringComparer.Ordinal));

    /// <summary>A lifetime as a span; one outside a Duration's valid form or beyond the domain's bound is refused like a non-positive one.</summary>
    private static TimeSpan? Lifetime(Duration? lifetime)
    {
        if (lifetime is null)
        {
            return null;
        }

        var valid = lifetime.Nanos is > -1_000_000_000 and < 1_000_000_000
            && (lifetime.Seconds >= 0 ? lifetime.Nanos >= 0 : lifetime.Nanos <= 0)
            && Math.Abs(lifetime.Seconds) <= (long)Identity.Domain.Sessions.Session.MaxLifetime.TotalSeconds;
        return valid ? lifetime.ToTimeSpan() : throw new DomainException(Errors.Session.LifetimeInvalid, "lifetime must be a positive duration of at most 36500 days");
    }

    /// <summary>Every check and challenge kind the request carries that this module does not offer.</summary>
    private static List<string> Unsupported(Checks? checks, RequestChallenges? challenges)
    {
        var unsupported = new List<string>();
        if (checks is not null)
        {
            Add(checks.WebAuthN is not null, "checks.web_auth_n");
            Add(checks.IdpIntent is not null, "checks.idp_intent");
            Add(checks.Totp is not null, "checks.totp");
            Add(checks.OtpSms is not null, "checks.otp_sms");
            Add(checks.OtpEmail is not null, "checks.otp_email");
            Add(checks.RecoveryCode is not null, "checks.recovery_code");
        }

        if (challenges is not null)
        {
            Add(challenges.WebAuthN is not null, "challenges.web_auth_n");
            Add(challenges.OtpSms is not null, "challenges.otp_sms");
            Add(challenges.OtpEmail is not null, "challenges.otp_email");
        }

        return unsupported;

        void Add(bool sent, string field)
        {
            if (sent)
            {
                unsupported.Add(field);
            }
        }
    }
}
