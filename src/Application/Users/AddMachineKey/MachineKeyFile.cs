using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Identity.Application.Users.AddMachineKey;

/// <summary>
/// The key file ZITADEL hands out for a generated machine key (<c>key_details</c>): the JSON object
/// <c>{"type":"serviceaccount","keyId":…,"key":…,"expirationDate":…,"userId":…}</c>, members in that order, the
/// private key as PKCS#1 PEM, the expiration as RFC 3339 in UTC (as Go writes a time: no trailing zeros in the
/// fraction). Characters are escaped as Go's encoder does for this content (newlines as <c>\n</c>; <c>+</c>,
/// <c>/</c> and <c>=</c> of the base64 stay as they are). Clients read <c>type</c>, <c>keyId</c>, <c>key</c> and
/// <c>userId</c> and ignore the rest.
/// </summary>
internal static class MachineKeyFile
{
    /// <summary>The only <c>type</c> zitadel-go's key file accepts for a machine user.</summary>
    public const string ServiceAccountType = "serviceaccount";

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Create(string keyId, string privateKeyPem, DateTimeOffset expirationDate, string userId)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WriteString("type", ServiceAccountType);
            writer.WriteString("keyId", keyId);
            writer.WriteString("key", privateKeyPem);
            writer.WriteString("expirationDate", Rfc3339(expirationDate));
            writer.WriteString("userId", userId);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>RFC 3339 in UTC with as many fraction digits as needed (none for whole seconds), like Go's <c>time.RFC3339Nano</c>.</summary>
    public static string Rfc3339(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF", CultureInfo.InvariantCulture) + "Z";
}
