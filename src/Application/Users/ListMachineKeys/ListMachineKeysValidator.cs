using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Users;

namespace Identity.Application.Users.ListMachineKeys;

internal sealed class ListMachineKeysValidator : AbstractValidator<ListMachineKeysQuery>
{
    public ListMachineKeysValidator()
    {
        RuleFor(q => q.UserId).CodePoints(1, 200, Errors.User.UserIdInvalid, "user_id");
        RuleFor(q => q.UserId).AllowedText("user_id");
        RuleFor(q => q.Limit).ListLimit(ListMachineKeysQuery.MaxLimit);
        RuleFor(q => q.Offset).ListOffset();
    }
}
