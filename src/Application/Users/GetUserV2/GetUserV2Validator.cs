using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;

namespace Identity.Application.Users.GetUserV2;

internal sealed class GetUserV2Validator : AbstractValidator<GetUserV2Query>
{
    public GetUserV2Validator()
    {
        RuleFor(q => q.UserId).CodePoints(1, 200, Errors.User.UserIdInvalid, "user_id");
        RuleFor(q => q.UserId).AllowedText("user_id");
    }
}
