namespace Identity.Application.Common;

/// <summary>Instance-wide settings (from configuration).</summary>
/// <param name="Domain">The instance domain under which org primary domains are made (<c>acme.localhost</c>).</param>
public sealed record InstanceSettings(string Domain);
