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
