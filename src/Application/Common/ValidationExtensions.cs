using FluentValidation;
using Identity.Domain.Common;

namespace Identity.Application.Common;

/// <summary>Shared FluentValidation rules; each violation carries a stable id as its error code.</summary>
internal static class ValidationExtensions
{
    /// <summary>Length in Unicode code points between <paramref name="min"/> and <paramref name="max"/>.</summary>
    public static IRuleBuilderOptions<T, string?> CodePoints<T>(this IRuleBuilder<T, string?> rule, int min, int max, string id, string field) =>
        rule.Must(v => Text.CodePoints(v ?? string.Empty) is var n && n >= min && n <= max)
            .WithErrorCode(id)
            .WithMessage(min == max ? $"{field} must be {min} characters" : min == 0 ? $"{field} must be at most {max} characters" : $"{field} must be {min} to {max} characters")
            .OverridePropertyName(field);

    /// <summary>Length in Unicode code points, answered with the catalogue entry <paramref name="code"/>.</summary>
    public static IRuleBuilderOptions<T, string?> CodePoints<T>(this IRuleBuilder<T, string?> rule, int min, int max, ErrorCode code, string field) =>
        rule.CodePoints(min, max, (code ?? throw new ArgumentNullException(nameof(code))).Id, field);

    /// <summary>The catalogue entry <paramref name="code"/> as the rule's error code (its id travels as the detail's id).</summary>
    public static IRuleBuilderOptions<T, TProperty> WithErrorCode<T, TProperty>(this IRuleBuilderOptions<T, TProperty> rule, ErrorCode code) =>
        DefaultValidatorOptions.WithErrorCode(rule, (code ?? throw new ArgumentNullException(nameof(code))).Id);

    /// <summary>
    /// The text rule of names and identifiers (<see cref="Text.IsAllowed"/>): no control or format characters,
    /// no line separators, no unpaired surrogates; one id, <see cref="Errors.Text.InvalidCharacterId"/>.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> AllowedText<T>(this IRuleBuilder<T, string?> rule, string field) =>
        rule.Must(Text.IsAllowed)
            .WithErrorCode(Errors.Text.InvalidCharacterId)
            .WithMessage(Text.InvalidCharacterMessage(field))
            .OverridePropertyName(field);

    /// <summary>ZITADEL's list query: query.limit at most <paramref name="max"/> (0 asks for that many); beyond, QUERY-4M0fs.</summary>
    public static IRuleBuilderOptions<T, uint> ListLimit<T>(this IRuleBuilder<T, uint> rule, int max) =>
        rule.LessThanOrEqualTo((uint)max)
            .WithErrorCode(Errors.Query.LimitExceededId).WithMessage($"query.limit must be at most {max}").OverridePropertyName("query.limit");

    /// <summary>ZITADEL's list query: query.offset at most what a page can skip.</summary>
    public static IRuleBuilderOptions<T, ulong> ListOffset<T>(this IRuleBuilder<T, ulong> rule) =>
        rule.LessThanOrEqualTo((ulong)int.MaxValue)
            .WithErrorCode(Errors.Query.OffsetInvalidId).WithMessage("query.offset is out of range").OverridePropertyName("query.offset");
}
