using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Identity.Application.Sessions;
using Zitadel.Session.V2;

namespace Identity.Api.Grpc;

/// <summary>Application DTOs to the messages of the v2 services.</summary>
internal static class SessionMapping
{
    public static Session ToProto(this SessionDto session)
    {
        var factors = new Factors();
        if (session.User is { } user)
        {
            factors.User = new UserFactor
            {
                VerifiedAt = Timestamp.FromDateTimeOffset(user.VerifiedAt),
                Id = user.Id,
                LoginName = user.LoginName,
                DisplayName = user.DisplayName,
                OrganizationId = user.OrganizationId,
            };
        }

        if (session.PasswordVerifiedAt is { } verifiedAt)
        {
            factors.Password = new PasswordFactor { VerifiedAt = Timestamp.FromDateTimeOffset(verifiedAt) };
        }

        var proto = new Session
        {
            Id = session.Id,
            CreationDate = Timestamp.FromDateTimeOffset(session.CreationDate),
            ChangeDate = Timestamp.FromDateTimeOffset(session.ChangeDate),
            Sequence = (ulong)session.Sequence,
            Factors = factors,
        };
        foreach (var (key, value) in session.Metadata)
        {
            proto.Metadata[key] = ByteString.CopyFrom(value);
        }

        if (session.UserAgent is { } agent)
        {
            proto.UserAgent = new UserAgent();
            if (agent.FingerprintId is not null)
            {
                proto.UserAgent.FingerprintId = agent.FingerprintId;
            }

            if (agent.Ip is not null)
            {
                proto.UserAgent.Ip = agent.Ip;
            }

            if (agent.Description is not null)
            {
                proto.UserAgent.Description = agent.Description;
            }

            foreach (var (name, values) in agent.Header)
            {
                var header = new UserAgent.Types.HeaderValues();
                header.Values.AddRange(values);
                proto.UserAgent.Header[name] = header;
            }
        }

        if (session.ExpirationDate is { } expiration)
        {
            proto.ExpirationDate = Timestamp.FromDateTimeOffset(expiration);
        }

        return proto;
    }
}
