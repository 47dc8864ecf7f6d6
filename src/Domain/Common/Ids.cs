namespace Identity.Domain.Common;

/// <summary>Identifier of an organization (numeric string, like ZITADEL's).</summary>
public readonly record struct OrgId(string Value)
{
    public override string ToString() => Value;
}

/// <summary>Identifier of a user (numeric string for generated ids; imported ids may be any 1..200 chars).</summary>
public readonly record struct UserId(string Value)
{
    public override string ToString() => Value;
}

/// <summary>Identifier of a personal access token.</summary>
public readonly record struct TokenId(string Value)
{
    public override string ToString() => Value;
}

/// <summary>Identifier of a sign-in session (numeric string, like ZITADEL's).</summary>
public readonly record struct SessionId(string Value)
{
    public override string ToString() => Value;
}
