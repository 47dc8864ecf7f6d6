using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Users.GenerateMachineSecret;

/// <summary>GenerateMachineSecret: a new client secret for a machine user of the tenant (shown once; it replaces one it had).</summary>
public sealed record GenerateMachineSecretCommand(string UserId) : ICommand<GenerateMachineSecretResult>, ITargetsUser
{
    public string Permission => Permissions.UserWrite;

    public string TargetUserId => UserId;
}

/// <summary>The client id (the user's user name) and the secret, shown only here.</summary>
public sealed record GenerateMachineSecretResult(string ClientId, string ClientSecret, ObjectDetailsDto Details)
{
    /// <summary>Never shows the secret.</summary>
    public override string ToString() => $"{nameof(GenerateMachineSecretResult)} {{ ClientId = {ClientId} }}";
}
