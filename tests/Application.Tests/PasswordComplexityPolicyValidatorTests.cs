using Identity.Application.Policies.AddCustomPasswordComplexityPolicy;
using Identity.Application.Policies.UpdateCustomPasswordComplexityPolicy;

namespace Identity.Application.Tests;

/// <summary>min_length of AddCustom- and UpdateCustomPasswordComplexityPolicy: 1..72.</summary>
public class PasswordComplexityPolicyValidatorTests
{
    private static string[] AddErrors(ulong minLength) =>
        [.. new AddCustomPasswordComplexityPolicyValidator().Validate(new AddCustomPasswordComplexityPolicyCommand(minLength, true, true, true, true)).Errors.Select(e => e.ErrorCode)];

    private static string[] UpdateErrors(ulong minLength) =>
        [.. new UpdateCustomPasswordComplexityPolicyValidator().Validate(new UpdateCustomPasswordComplexityPolicyCommand(minLength, false, false, false, false)).Errors.Select(e => e.ErrorCode)];

    [Theory]
    [InlineData(0ul)]
    [InlineData(73ul)]
    [InlineData(4294967304ul)] // 2^32 + 8: would read as 8 after a cast to int
    [InlineData(ulong.MaxValue)]
    public void Min_length_outside_1_to_72_is_refused(ulong minLength)
    {
        Assert.Equal(["POLICY-MinLengthRange"], AddErrors(minLength));
        Assert.Equal(["POLICY-MinLengthRange"], UpdateErrors(minLength));
    }

    [Theory]
    [InlineData(1ul)]
    [InlineData(8ul)]
    [InlineData(72ul)]
    public void Min_length_within_1_to_72_is_valid(ulong minLength)
    {
        Assert.Empty(AddErrors(minLength));
        Assert.Empty(UpdateErrors(minLength));
    }

    [Fact]
    public void Violation_names_the_field()
    {
        var error = Assert.Single(new AddCustomPasswordComplexityPolicyValidator().Validate(new AddCustomPasswordComplexityPolicyCommand(0, true, true, true, true)).Errors);

        Assert.Equal("min_length", error.PropertyName);
        Assert.Contains("72", error.ErrorMessage, StringComparison.Ordinal);
    }
}
