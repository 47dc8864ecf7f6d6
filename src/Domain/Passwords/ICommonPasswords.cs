namespace Identity.Domain.Passwords;

/// <summary>A list of well-known passwords that are refused whatever the complexity policy says.</summary>
public interface ICommonPasswords
{
    /// <summary>True when the (NFKC-normalized) password is a well-known one.</summary>
    bool IsCommon(string normalizedPassword);
}
