using Identity.Api.Composition;
using Identity.Api.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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
    [InlineData("Identity:Bootstrap:TokenLifetime", "00:00:10")]
    [InlineData("Identity:Bootstrap:TokenLifetime", "-1.00:00:00")]
    [InlineData("Identity:Passwords:MinStrengthScore", "5")]
    [InlineData("Identity:Passwords:MinStrengthScore", "-1")]
    [InlineData("Identity:Limits:MaxRequestBodyBytes", "100")]
    [InlineData("Identity:Limits:PasswordCallsPerOrgInFlight", "0")]
    [InlineData("Identity:Limits:PasswordCallsPerOrgPerMinute", "-1")]
    [InlineData("Identity:Limits:PasswordCallsPerOrgBurst", "0")]
    [InlineData("Identity:Limits:FailedChecksPerUserPerMinute", "-1")]
    [InlineData("Identity:Limits:FailedChecksPerUserBurst", "0")]
    [InlineData("Identity:Limits:FailedChecksPerSourcePerMinute", "-1")]
    [InlineData("Identity:Limits:FailedChecksPerSourceBurst", "0")]
    [InlineData("Identity:Passwords:Lockout:MaxPasswordAttempts", "-1")]
    [InlineData("Identity:Passwords:Lockout:MaxPasswordAttempts", "4294967296")]
    [InlineData("Identity:Passwords:Lockout:MaxOtpAttempts", "-1")]
    [InlineData("Identity:Passwords:Age:MaxAgeDays", "-1")]
    [InlineData("Identity:Passwords:Age:MaxAgeDays", "4294967296")]
    [InlineData("Identity:Passwords:Age:ExpireWarnDays", "-1")]
    [InlineData("Identity:Passwords:ResetCodeLifetime", "00:00:00")]
    [InlineData("Identity:Passwords:ResetCodeLifetime", "8.00:00:00")]
    [InlineData("Identity:Passwords:HistoryDepth", "-1")]
    [InlineData("Identity:Passwords:HistoryDepth", "25")]
    [InlineData("Identity:Passwords:InitialPasswordLifetime", "-00:00:01")]
    [InlineData("Identity:Passwords:InitialPasswordLifetime", "366.00:00:00")]
    [InlineData("Identity:Sessions:DeleteExpiredAfter", "-00:00:01")]
    [InlineData("Identity:Sessions:DeleteExpiredAfter", "366.00:00:00")]
    [InlineData("Identity:OAuth:SigningKeyRotation", "00:14:59")]
    [InlineData("Identity:OAuth:SigningKeyRotation", "90.00:00:01")]
    [InlineData("Identity:OAuth:SigningKeyRotation", "-06:00:00")]
    public void An_invalid_value_stops_start_up_naming_its_key(string key, string value)
    {
        using var factory = new ApiFactory();
        factory.Settings[key] = value;

        var ex = Assert.ThrowsAny<Exception>(() => factory.Start());

        Assert.Contains(key, Flatten(ex), StringComparison.Ordinal);
    }

    [Fact]
    public void The_password_history_depth_defaults_to_5_and_the_initial_password_lifetime_to_7_days()
    {
        using var factory = new ApiFactory();
        factory.Start();

        var settings = factory.ModuleServices.GetRequiredService<Identity.Application.Common.PasswordRulesSettings>();

        Assert.Equal((5, TimeSpan.FromDays(7)), (settings.HistoryDepth, settings.InitialPasswordLifetime));
    }

    [Fact]
    public void A_value_that_is_not_a_number_names_its_key()
    {
        using var factory = new ApiFactory();
        factory.Settings["Identity:Passwords:HashIterations"] = "many";

        var ex = Assert.ThrowsAny<Exception>(() => factory.Start());

        Assert.Contains("Identity:Passwords:HashIterations", Flatten(ex), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("99999")]
    [InlineData("1000")]
    public void Fewer_than_100000_hash_iterations_stop_start_up_without_the_test_switch(string iterations)
    {
        using var factory = new ApiFactory();
        factory.Settings["Identity:Passwords:HashIterations"] = iterations;
        factory.Settings["Identity:Passwords:AllowWeakHashingForTests"] = "false";

        var ex = Assert.ThrowsAny<Exception>(() => factory.Start());

        Assert.Contains("Identity:Passwords:HashIterations must be at least 100000", Flatten(ex), StringComparison.Ordinal);
        Assert.Contains("Identity:Passwords:AllowWeakHashingForTests", Flatten(ex), StringComparison.Ordinal);
    }

    [Fact]
    public void The_test_switch_allows_weak_hashing_and_100000_iterations_need_no_switch()
    {
        using (var weak = new ApiFactory())
        {
            weak.Settings["Identity:Passwords:HashIterations"] = "1000";
            weak.Settings["Identity:Passwords:AllowWeakHashingForTests"] = "true";
            Assert.False(string.IsNullOrEmpty(weak.Start()));
            Assert.Equal(1000, weak.Services.GetRequiredService<IdentityOptions>().Passwords.HashIterations);
        }

        using var strong = new ApiFactory();
        strong.Settings["Identity:Passwords:HashIterations"] = "100000";
        strong.Settings["Identity:Passwords:AllowWeakHashingForTests"] = "false";
        Assert.False(string.IsNullOrEmpty(strong.Start()));
    }

    [Fact]
    public void The_service_hashes_with_210000_iterations_and_no_test_switch_by_default()
    {
        var options = IdentityOptions.Load(new ConfigurationBuilder().Build());
        Assert.Equal(210_000, options.Passwords.HashIterations);
        Assert.False(options.Passwords.AllowWeakHashingForTests);

        var shipped = IdentityOptions.Load(new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false).Build());
        Assert.Equal(210_000, shipped.Passwords.HashIterations);
        Assert.False(shipped.Passwords.AllowWeakHashingForTests);
    }

    [Fact]
    public void Failed_check_budgets_default_to_10_per_user_and_60_per_source_a_minute_and_0_switches_them_off()
    {
        var limits = IdentityOptions.Load(new ConfigurationBuilder().Build()).Limits;
        Assert.Equal((10, 10, 60, 100), (limits.FailedChecksPerUserPerMinute, limits.FailedChecksPerUserBurst, limits.FailedChecksPerSourcePerMinute, limits.FailedChecksPerSourceBurst));

        var off = IdentityOptions.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Identity:Limits:FailedChecksPerUserPerMinute"] = "0",
            ["Identity:Limits:FailedChecksPerSourcePerMinute"] = "0",
        }).Build()).Limits;
        Assert.Equal((0, 0), (off.FailedChecksPerUserPerMinute, off.FailedChecksPerSourcePerMinute));
    }

    [Theory]
    [InlineData("not-base64-but-a-secret-anyway!")]
    [InlineData("c2VjcmV0LXNpeHRlZW4tYg==")] // 16 bytes
    [InlineData("c2VjcmV0LXRoaXJ0eS1vbmUtYnl0ZXMtbG9uZy4uLg==")] // 31 bytes
    [InlineData("c2VjcmV0LXRoaXJ0eS10aHJlZS1ieXRlcy1sb25nLi4u")] // 33 bytes
    [InlineData("c2VjcmV0LXNpeHR5LWZvdXItYnl0ZXMtbG9uZy4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLi4uLg==")] // 64 bytes
    public void A_bad_key_encryption_key_stops_start_up_naming_the_key_but_never_the_value(string value)
    {
        using var factory = new ApiFactory();
        factory.Settings["Identity:OAuth:KeyEncryptionKey"] = value;

        var ex = Assert.ThrowsAny<Exception>(() => factory.Start());

        var message = Flatten(ex);
        Assert.Contains("Identity:OAuth:KeyEncryptionKey must be 32 bytes in base64", message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, message, StringComparison.Ordinal);
        Assert.DoesNotContain(value[..12], message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_32_byte_key_encryption_key_and_a_rotation_in_range_are_taken()
    {
        var key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        using var factory = new ApiFactory();
        factory.Settings["Identity:OAuth:KeyEncryptionKey"] = Convert.ToBase64String(key);
        factory.Settings["Identity:OAuth:SigningKeyRotation"] = "00:15:00";
        factory.Start();

        var settings = factory.ModuleServices.GetRequiredService<Identity.Infrastructure.InfrastructureSettings>().OAuth;

        Assert.Equal(key, settings.KeyEncryptionKey);
        Assert.Equal(TimeSpan.FromMinutes(15), settings.Rotation);
    }

    private static string Flatten(Exception ex) => ex.InnerException is null ? ex.Message : ex.Message + " | " + Flatten(ex.InnerException);
}
