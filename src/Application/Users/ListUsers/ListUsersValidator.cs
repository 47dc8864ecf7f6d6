using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;

namespace Identity.Application.Users.ListUsers;

/// <summary>
/// query.limit at most 1000; every condition names its kind and a defined method; texts of at most 200 characters
/// of the allowed text; at most <see cref="ListUsersQuery.MaxConditions"/> conditions nested at most
/// <see cref="ListUsersQuery.MaxDepth"/> deep; at most <see cref="ListUsersQuery.MaxListValues"/> ids or emails in a list.
/// </summary>
internal sealed class ListUsersValidator : AbstractValidator<ListUsersQuery>
{
    public ListUsersValidator()
    {
        RuleFor(q => q.Limit).ListLimit(ListUsersQuery.MaxLimit);
        RuleFor(q => q.Offset).ListOffset();
        RuleFor(q => q.SortBy).IsInEnum()
            .WithErrorCode(Errors.Query.InvalidId).WithMessage("sorting_column is not a UserFieldName").OverridePropertyName("sorting_column");
        RuleFor(q => q.Conditions).Custom((conditions, context) =>
        {
            var problems = new List<string>();
            var count = 0;
            foreach (var condition in conditions ?? [])
            {
                Check(condition, 1, ref count, problems);
            }

            if (count > ListUsersQuery.MaxConditions)
            {
                problems.Add($"a search has at most {ListUsersQuery.MaxConditions} conditions, counting those inside and/or/not");
            }

            foreach (var problem in problems.Distinct())
            {
                context.AddFailure(new FluentValidation.Results.ValidationFailure("queries", problem) { ErrorCode = Errors.Query.InvalidId });
            }
        });
    }

    private static void Check(UserCondition? condition, int depth, ref int count, List<string> problems)
    {
        count++;
        if (depth > ListUsersQuery.MaxDepth)
        {
            problems.Add($"and/or/not queries nest at most {ListUsersQuery.MaxDepth} deep");
            return;
        }

        switch (condition)
        {
            case null:
                problems.Add("a query names no condition");
                break;
            case UserTextCondition t:
                if (!Enum.IsDefined(t.Text.Match))
                {
                    problems.Add("the method of a text query is not a TextQueryMethod");
                }

                CheckText(t.Text.Value, problems);
                break;
            case UserIdsCondition ids:
                CheckList(ids.UserIds, problems);
                break;
            case UserEmailsCondition emails:
                CheckList(emails.Emails, problems);
                break;
            case UserStateCondition s when !Enum.IsDefined(s.State) && (int)s.State is not (0 or 5):
                problems.Add("the state of a state query is not a UserState");
                break;
            case UserTypeCondition t when !Enum.IsDefined(t.Type) && (int)t.Type != 0:
                problems.Add("the type of a type query is not a Type");
                break;
        }

        IReadOnlyList<UserCondition> inner = condition switch
        {
            AndCondition and => and.Conditions,
            OrCondition or => or.Conditions,
            NotCondition not => [not.Condition],
            _ => [],
        };
        foreach (var nested in inner)
        {
            Check(nested, depth + 1, ref count, problems);
        }
    }

    private static void CheckList(IReadOnlyList<string> values, List<string> problems)
    {
        if (values.Count > ListUsersQuery.MaxListValues)
        {
            problems.Add($"a list of ids or emails has at most {ListUsersQuery.MaxListValues} entries");
        }

        foreach (var value in values)
        {
            CheckText(value, problems);
        }
    }

    private static void CheckText(string value, List<string> problems)
    {
        if (value.Length > 200)
        {
            problems.Add("the text of a query has at most 200 characters");
        }
        else if (!Text.IsAllowed(value))
        {
            problems.Add("the text of a query holds a character that is not allowed");
        }
    }
}
