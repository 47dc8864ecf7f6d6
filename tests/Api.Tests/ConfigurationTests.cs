using Identity.Api.Tests.Support;

namespace Identity.Api.Tests;

/// <summary>Invalid configuration stops start-up with a message naming the key.</summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("Identity:Passwords:DefaultPolicy:MinLength", "0")]
    [InlineData("Identity:Passwords:DefaultPolicy:MinLength", "73")]
    [InlineData("Identity:Database:Provider", "Oracle")]
    [InlineData("Identity:Database:ConnectionString", "")]
    [InlineData("Identity:Passwords:HashIterations", "0")]
    [InlineData("Identity:Instance:NodeId", "5000")]
    [InlineData("Identity:Limits:MaxRequestBodyBytes", "100")]
    [InlineData("Identity:Limits:PasswordCallsPerOrgInFlight", "0")]
    [InlineData("Identity:Limits:PasswordCallsPerOrgPerMinute", "-1")]
    [InlineData("Identity:Limits:PasswordCallsPerOrgBurst", "0")]
    public void An_invalid_value_stops_start_up_naming_its_key(string key, string value)
    {
        using var factory = new ApiFactory();
        factory.Settings[key] = value;

        var ex = Assert.ThrowsAny<Exception>(() => factory.Start());

        Assert.Contains(key, Flatten(ex), StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_that_is_not_a_number_names_its_key()
    {
        using var factory = new ApiFactory();
        factory.Settings["Identity:Passwords:HashIterations"] = "many";

        var ex = Assert.ThrowsAny<Exception>(() => factory.Start());

        Assert.Contains("Identity:Passwords:HashIterations", Flatten(ex), StringComparison.Ordinal);
    }

    private static string Flatten(Exception ex) => ex.InnerException is null ? ex.Message : ex.Message + " | " + Flatten(ex.InnerException);
}
