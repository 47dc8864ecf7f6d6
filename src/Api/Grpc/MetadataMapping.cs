using Google.Protobuf;
using Identity.Application.Common;
using Identity.Application.Users;
using Zitadel.Metadata.V1;

namespace Identity.Api.Grpc;

/// <summary>zitadel.metadata.v1 messages to and from the application's metadata types.</summary>
internal static class MetadataMapping
{
    /// <summary>A query without a condition maps to null, which validation refuses (QUERY-Invalid); the method numbers are the same.</summary>
    public static TextQuery ToKeyQuery(MetadataQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.QueryCase == MetadataQuery.QueryOneofCase.KeyQuery
            ? query.KeyQuery.Method.ToTextQuery(query.KeyQuery.Key)
            : null!;
    }

    public static Metadata ToProto(UserMetadataDto entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new Metadata { Details = entry.Details.ToProto(), Key = entry.Key, Value = ByteString.CopyFrom(entry.Value.Span) };
    }
}
