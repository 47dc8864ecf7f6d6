using Identity.Api.Composition;
using Identity.Api.Tests.Support;
using Identity.Application.Abstractions;
using Identity.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Api.Tests;

/// <summary><c>Identity:Smtp:*</c>: checked at start (a bad value names its key, never the password); without a host the module's sender is not configured.</summary>
public sealed class SmtpConfigurationTests
{
    private const string Password = "smtp-Secret-Pa55word";

    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["Identity:Smtp:Host"] = "smtp.example.com",
        ["Identity:Smtp:From"] = "Identity <no-reply@example.com>",
        ["Identity:Smtp:User"] = "mailer",
        ["Identity:Smtp:Password"] = Password,
    };

    [Theory]
    [InlineData("Identity:Smtp:TlsMode", "Tls13")]
    [InlineData("Identity:Smtp:TlsMode", "1")]
    [InlineData("Identity:Smtp:Port", "0")]
    [InlineData("Identity:Smtp:Port", "65536")]
    [InlineData("Identity:Smtp:From", "")]
    [InlineData("Identity:Smtp:From", "no-reply")]
    [InlineData("Identity:Smtp:From", "a@b, c@d")]
    [InlineData("Identity:Smtp:User", "")]
    [InlineData("Identity:Smtp:Timeout", "00:00:00")]
    [InlineData("Identity:Smtp:Timeout", "01:00:00")]
    [InlineData("Identity:Smtp:Host", "")]
    public void An_invalid_value_names_its_key_and_never_the_password(string key, string value)
    {
        var settings = new Dictionary<string, string?>(Valid) { [key] = value };

        var ex = Assert.Throws<InvalidOperationException>(() => Load(settings));

        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_host_nothing_is_configured_and_the_port_follows_the_tls_mode()
    {
        Assert.Null(Load([]).ToInfrastructureSettings().Smtp);

        var startTls = Load(new Dictionary<string, string?>(Valid)).ToInfrastructureSettings().Smtp!;
        Assert.Equal((SmtpTlsMode.StartTls, 587, "mailer", Password), (startTls.TlsMode, startTls.Port, startTls.User, startTls.Password));
        Assert.Equal(TimeSpan.FromSeconds(30), startTls.Timeout);
        Assert.DoesNotContain(Password, startTls.ToString(), StringComparison.Ordinal);

        var implicitTls = Load(new Dictionary<string, string?>(Valid) { ["Identity:Smtp:TlsMode"] = "sslonconnect" }).ToInfrastructureSettings().Smtp!;
        Assert.Equal((SmtpTlsMode.SslOnConnect, 465), (implicitTls.TlsMode, implicitTls.Port));

        var plain = Load(new Dictionary<string, string?> { ["Identity:Smtp:Host"] = "127.0.0.1", ["Identity:Smtp:From"] = "a@b.example", ["Identity:Smtp:TlsMode"] = "None", ["Identity:Smtp:Port"] = "2525" })
            .ToInfrastructureSettings().Smtp!;
        Assert.Equal((SmtpTlsMode.None, 2525, null, null), (plain.TlsMode, plain.Port, plain.User, plain.Password));
    }

    [Fact]
    public void A_bad_smtp_value_stops_the_real_host_from_starting()
    {
        using var factory = new ApiFactory();
        factory.Settings["Identity:Smtp:Host"] = "smtp.example.com";
        factory.Settings["Identity:Smtp:From"] = "not an address";

        var ex = Assert.ThrowsAny<Exception>(() => factory.Start());

        Assert.Contains("Identity:Smtp:From", Flatten(ex), StringComparison.Ordinal);
    }

    [Fact]
    public void The_module_sender_is_not_configured_without_a_host_and_configured_with_one()
    {
        using (var none = new ApiFactory())
        {
            none.Start();
            Assert.False(none.ModuleServices.GetRequiredService<IEmailSender>().IsConfigured);
        }

        using var configured = new ApiFactory();
        configured.Settings["Identity:Smtp:Host"] = "127.0.0.1";
        configured.Settings["Identity:Smtp:From"] = "no-reply@example.com";
        configured.Start();
        Assert.True(configured.ModuleServices.GetRequiredService<IEmailSender>().IsConfigured);
    }

    private static IdentityOptions Load(Dictionary<string, string?> settings) =>
        IdentityOptions.Load(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

    private static string Flatten(Exception ex) => ex.InnerException is null ? ex.Message : ex.Message + " | " + Flatten(ex.InnerException);
}
