using Identity.Api.Tests.Support;
using Zitadel.Management.V1;

namespace Identity.Api.Tests;

/// <summary>The four lockout policy methods on REST and gRPC (lockout counting is tested with sign-in).</summary>
public sealed class SqliteLockoutPolicyTests(ApiFactory factory) : TwoFieldPolicyApiTests<ApiFactory>(factory, LockoutPolicyApi.Descriptor);

public sealed class PostgresLockoutPolicyTests(PostgresApiFactory factory) : TwoFieldPolicyApiTests<PostgresApiFactory>(factory, LockoutPolicyApi.Descriptor);

internal static class LockoutPolicyApi
{
    public static readonly TwoFieldPolicyApiDescriptor Descriptor = new(
        "/management/v1/policies/lockout",
        ("maxPasswordAttempts", "maxOtpAttempts"),
        "org.policy.lockout",
        "LockoutPolicy",
        async (grpc, headers) =>
        {
            var response = await grpc.GetLockoutPolicyAsync(new GetLockoutPolicyRequest(), headers);
            return (response.Policy.MaxPasswordAttempts, response.Policy.MaxOtpAttempts, response.IsDefault, response.Policy.IsDefault);
        },
        async (grpc, headers, password, otp) =>
            (await grpc.AddCustomLockoutPolicyAsync(new AddCustomLockoutPolicyRequest { MaxPasswordAttempts = password, MaxOtpAttempts = otp }, headers)).Details,
        async (grpc, headers, password, otp) =>
            (await grpc.UpdateCustomLockoutPolicyAsync(new UpdateCustomLockoutPolicyRequest { MaxPasswordAttempts = password, MaxOtpAttempts = otp }, headers)).Details,
        async (grpc, headers) => (await grpc.ResetLockoutPolicyToDefaultAsync(new ResetLockoutPolicyToDefaultRequest(), headers)).Details);
}

/// <summary>The host with an instance lockout default from configuration.</summary>
public sealed class ApiFactoryWithLockoutDefault : ApiFactory
{
    public ApiFactoryWithLockoutDefault()
    {
        Settings["Identity:Passwords:Lockout:MaxPasswordAttempts"] = "7";
        Settings["Identity:Passwords:Lockout:MaxOtpAttempts"] = "2";
    }
}

public sealed class ConfiguredLockoutDefaultTests(ApiFactoryWithLockoutDefault factory)
    : ConfiguredTwoFieldPolicyDefaultTests(factory, LockoutPolicyApi.Descriptor), IClassFixture<ApiFactoryWithLockoutDefault>;
