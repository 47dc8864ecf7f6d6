namespace Identity.Application.Common;

/// <summary>Instance-wide settings (from configuration).</summary>
/// <param name="Domain">The instance domain under which org primary domains are made (<c>acme.localhost</c>).</param>
internal sealed record InstanceSettings(string Domain);
