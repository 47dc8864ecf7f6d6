using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Users;

namespace Identity.Application.Users;

/// <summary>A metadata entry as zitadel.metadata.v1.Metadata shows it: its own sequence and dates, the user's org.</summary>
public sealed record UserMetadataDto(ObjectDetailsDto Details, string Key, ReadOnlyMemory<byte> Value)
{
    internal static UserMetadataDto From(UserMetadata entry, User owner)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(owner);
        return new UserMetadataDto(new ObjectDetailsDto(entry.Sequence, entry.CreatedAt, entry.ChangedAt, owner.OrgId.Value), entry.Key, entry.Value);
    }

    /// <summary>Never shows the value (it may be a secret of the integrator).</summary>
    public override string ToString() => $"{nameof(UserMetadataDto)} {{ Key = {Key}, Value = ({Value.Length} bytes) }}";
}

/// <summary>One entry of BulkSetUserMetadata.</summary>
public sealed record MetadataEntry(string Key, ReadOnlyMemory<byte> Value)
{
    /// <summary>Never shows the value.</summary>
    public override string ToString() => $"{nameof(MetadataEntry)} {{ Key = {Key}, Value = ({Value.Length} bytes) }}";
}

/// <summary>The validation rules shared by the metadata requests (the same limits as the domain's).</summary>
internal static class MetadataRules
{
    public static IRuleBuilderOptions<T, string?> MetadataKey<T>(this IRuleBuilder<T, string?> rule, string field) =>
        rule.CodePoints(1, MetadataLimits.MaxKeyLength, Errors.Metadata.KeyInvalid, field);

    public static IRuleBuilderOptions<T, ReadOnlyMemory<byte>> MetadataValue<T>(this IRuleBuilder<T, ReadOnlyMemory<byte>> rule, string field) =>
        rule.Must(v => v.Length is >= 1 and <= MetadataLimits.MaxValueBytes)
            .WithErrorCode(Errors.Metadata.ValueInvalid)
            .WithMessage($"{field} must be 1 to {MetadataLimits.MaxValueBytes} bytes")
            .OverridePropertyName(field);
}
