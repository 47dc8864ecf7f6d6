using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;

namespace Identity.Application.Sessions.ListSessions;

internal sealed class ListSessionsValidator : AbstractValidator<ListSessionsQuery>
{
    public ListSessionsValidator()
    {
        RuleFor(q => q.Limit).LessThanOrEqualTo(ListSessionsQuery.MaxLimit)
            .WithErrorCode(Errors.Query.LimitExceeded).WithMessage($"query.limit must be at most {ListSessionsQuery.MaxLimit}").OverridePropertyName("query.limit");
        RuleFor(q => q.Offset).ListOffset();
        RuleFor(q => q.IdsQueries).Must(q => q is null || (q.Count <= 10 && q.All(ids => ids.Count <= 1000)))
            .WithErrorCode(Errors.Session.IdInvalid).WithMessage("At most 10 ids queries of at most 1000 ids each").OverridePropertyName("queries");
        RuleForEach(q => (q.IdsQueries ?? Array.Empty<IReadOnlyList<string>>()).SelectMany(ids => ids)).CodePoints(1, 200, Errors.Session.IdInvalid, "queries.ids_query.ids");
        RuleForEach(q => q.UserIdQueries ?? Array.Empty<string>()).CodePoints(1, 200, Errors.Session.IdInvalid, "queries.user_id_query.id");
    }
}
