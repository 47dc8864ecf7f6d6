namespace Identity.Application.Common;

/// <summary>
/// A request that may hash a password, the one expensive step of the service. When
/// <see cref="SetsPassword"/> is true the pipeline admits it through <see cref="Abstractions.IPasswordCallGate"/>
/// (after tenant, authorization and validation, before the unit of work).
/// </summary>
internal interface IPasswordRequest
{
    /// <summary>True when this request carries a password that will be hashed.</summary>
    bool SetsPassword { get; }
}

/// <summary>
/// A request that verifies a password (sign-in) instead of setting one. Its handler verifies through
/// <see cref="Sessions.PasswordChecker"/>, which admits each check through
/// <see cref="Abstractions.IPasswordCallGate.EnterCheckAsync"/> and the failed-check budgets.
/// </summary>
#pragma warning disable CA1040 // marker interface: an architecture test selects requests by it
internal interface IChecksPassword
{
}
#pragma warning restore CA1040
