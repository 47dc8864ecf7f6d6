using Identity.Application.Users.ListUserChanges;

namespace Identity.Application.Tests;

public class ListUserChangesValidatorTests
{
    private static string[] Errors(ListUserChangesQuery query) =>
        [.. new ListUserChangesValidator().Validate(query).Errors.Select(e => e.ErrorCode).Order(StringComparer.Ordinal)];

    [Theory]
    [InlineData(0u)]
    [InlineData(1u)]
    [InlineData(100u)]
    [InlineData(1000u)]
    public void Limit_up_to_1000_is_valid(uint limit)
    {
        Assert.Empty(Errors(new ListUserChangesQuery("1", 0, limit, false)));
    }

    [Theory]
    [InlineData(1001u)]
    [InlineData(uint.MaxValue)]
    public void Limit_above_1000_is_too_large(uint limit)
    {
        var result = new ListUserChangesValidator().Validate(new ListUserChangesQuery("1", 0, limit, false));

        var error = Assert.Single(result.Errors);
        Assert.Equal("CHANGE-LimitTooLarge", error.ErrorCode);
        Assert.Equal("query.limit", error.PropertyName);
        Assert.Equal(1000, ListUserChangesQuery.MaxLimit);
    }

    [Fact]
    public void Sequence_beyond_a_signed_64_bit_value_is_refused()
    {
        Assert.Empty(Errors(new ListUserChangesQuery("1", long.MaxValue, 0, true)));
        Assert.Equal(["CHANGE-SequenceInvalid"], Errors(new ListUserChangesQuery("1", (ulong)long.MaxValue + 1, 0, true)));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void User_id_is_required(string? userId)
    {
        Assert.Equal(["USER-UserIdInvalid"], Errors(new ListUserChangesQuery(userId!, 0, 0, false)));
    }

    [Fact]
    public void Every_violation_is_reported()
    {
        Assert.Equal(["CHANGE-LimitTooLarge", "CHANGE-SequenceInvalid", "USER-UserIdInvalid"], Errors(new ListUserChangesQuery(new string('1', 201), ulong.MaxValue, 5000, false)));
    }
}
