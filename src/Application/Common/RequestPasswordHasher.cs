using Identity.Application.Abstractions;
using Identity.Domain.Passwords;

namespace Identity.Application.Common;

/// <summary>
/// Hashes at most once per request scope: when the unit of work retries a command after a
/// concurrency conflict, the same password gets the hash computed on the first attempt.
/// </summary>
internal sealed class RequestPasswordHasher(IPasswordHasher hasher)
{
    private string? _password;
    private string? _hash;

    public string Hash(NormalizedPassword password)
    {
        if (_hash is not null && string.Equals(_password, password.Value, StringComparison.Ordinal))
        {
            return _hash;
        }

        _hash = hasher.Hash(password.Value);
        _password = password.Value;
        return _hash;
    }
}
