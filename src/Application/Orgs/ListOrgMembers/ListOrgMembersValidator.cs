using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;

namespace Identity.Application.Orgs.ListOrgMembers;

/// <summary>query.limit at most 1000; each text of a filter at most 200 characters of the allowed text.</summary>
internal sealed class ListOrgMembersValidator : AbstractValidator<ListOrgMembersQuery>
{
    public ListOrgMembersValidator()
    {
        RuleFor(q => q.Limit).ListLimit(ListOrgMembersQuery.MaxLimit);
        RuleFor(q => q.Offset).ListOffset();
        RuleForEach(q => q.Filters).NotNull().WithErrorCode(Errors.Query.Invalid).WithMessage("a query names no condition").OverridePropertyName("queries");
        RuleForEach(q => q.Filters).Must(f => MethodOf(f) is not { } method || Enum.IsDefined(method))
            .WithErrorCode(Errors.Query.Invalid).WithMessage("the method of a text query is not a TextQueryMethod").OverridePropertyName("queries");
        RuleForEach(q => q.Filters).Must(f => TextOf(f).Length <= 200)
            .WithErrorCode(Errors.Query.Invalid).WithMessage("the text of a query has at most 200 characters").OverridePropertyName("queries");
        RuleForEach(q => q.Filters).Must(f => Text.IsAllowed(TextOf(f)))
            .WithErrorCode(Errors.Query.Invalid).WithMessage("the text of a query holds a character that is not allowed").OverridePropertyName("queries");
    }

    private static TextMatch? MethodOf(MemberFilter? filter) => filter switch
    {
        MemberFirstNameFilter f => f.Text.Match,
        MemberLastNameFilter f => f.Text.Match,
        MemberEmailFilter f => f.Text.Match,
        _ => null,
    };

    private static string TextOf(MemberFilter? filter) => filter switch
    {
        MemberFirstNameFilter f => f.Text.Value,
        MemberLastNameFilter f => f.Text.Value,
        MemberEmailFilter f => f.Text.Value,
        MemberUserIdFilter f => f.UserId,
        _ => string.Empty,
    };
}
