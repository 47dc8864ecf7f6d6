using System.Reflection;
using System.Runtime.CompilerServices;
using FluentValidation;
using Identity.Application.Common;
using Identity.Application.Users.AddMachineUser;
using Identity.Domain.Common;
using Identity.Domain.Users;

namespace Identity.Application.Tests;

/// <summary>The text rule of names and identifiers, in every validator of the Application assembly.</summary>
public class TextRuleValidatorTests
{
    private static readonly Assembly Application = typeof(RequestContext).Assembly;

    /// <summary>
    /// Passwords have their own rules (POLICY-ControlCharacter, POLICY-InvalidCharacter); an imported hash
    /// has its format rule (USER-HashFormatUnsupported allows only bcrypt's characters). SetPassword's new password
    /// has the policy's rules, its current password is only verified (as a sign-in password), and a verification
    /// code is refused whatever it holds.
    /// </summary>
    private static readonly HashSet<string> Exempt = new(StringComparer.Ordinal) { "Password", "HashedPassword", "NewPassword", "CurrentPassword", "VerificationCode" };

    [Theory]
    [InlineData("a\u0000b")]
    [InlineData("a\u200Bb")]
    [InlineData("a\u202Eb")]
    [InlineData("a\nb")]
    public void Every_string_field_of_every_validated_request_refuses_invalid_characters(string bad)
    {
        var checkedFields = new List<string>();
        var failures = new List<string>();
        foreach (var (validator, requestType) in Validators())
        {
            foreach (var path in StringPaths(requestType, string.Empty))
            {
                var request = Sample(requestType);
                SetPath(request, path, bad);
                var errors = validator.Validate(new ValidationContext<object>(request)).Errors;
                checkedFields.Add($"{requestType.Name}.{path}");
                if (!errors.Any(e => e.ErrorCode == Errors.Text.InvalidCharacterId))
                {
                    failures.Add($"{requestType.Name}.{path}: {string.Join(", ", errors.Select(e => e.ErrorCode))}");
                }
            }
        }

        Assert.Empty(failures);
        // the reflection found the fields it should (a guard against a test that checks nothing)
        Assert.Contains("AddOrgCommand.Name", checkedFields);
        Assert.Contains("ImportHumanUserCommand.Profile.DisplayName", checkedFields);
        Assert.Contains("ImportHumanUserCommand.Email.Email", checkedFields);
        Assert.Contains("AddMachineUserCommand.Description", checkedFields);
        Assert.Contains("SetInitialPasswordCommand.UserId", checkedFields);
        Assert.DoesNotContain("SetInitialPasswordCommand.Password", checkedFields);
        Assert.DoesNotContain("ImportHumanUserCommand.HashedPassword", checkedFields);
        Assert.True(checkedFields.Count >= 19, string.Join(", ", checkedFields));
    }

    [Fact]
    public void Samples_of_every_validated_request_pass_the_text_rule()
    {
        foreach (var (validator, requestType) in Validators())
        {
            var errors = validator.Validate(new ValidationContext<object>(Sample(requestType))).Errors;

            Assert.DoesNotContain(errors, e => e.ErrorCode == Errors.Text.InvalidCharacterId);
        }
    }

    [Fact]
    public void The_text_rule_names_the_field_and_never_echoes_the_value()
    {
        var result = new AddMachineUserValidator().Validate(new AddMachineUserCommand("secret\u202Ebot", "Robot", "", AccessTokenType.Bearer, null));

        var error = Assert.Single(result.Errors, e => e.ErrorCode == Errors.Text.InvalidCharacterId);
        Assert.StartsWith("user_name ", error.ErrorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unpaired_surrogate_is_refused_like_the_other_invalid_characters()
    {
        var result = new AddMachineUserValidator().Validate(new AddMachineUserCommand("bot" + new string('\uD800', 1), "Robot", "", AccessTokenType.Bearer, null));

        Assert.Contains(result.Errors, e => e.ErrorCode == Errors.Text.InvalidCharacterId);
    }

    [Theory]
    [InlineData("my-bot_01")]
    [InlineData("ABC123")]
    [InlineData("a")]
    public void A_chosen_machine_user_id_of_letters_digits_underscore_and_hyphen_is_valid(string userId)
    {
        Assert.True(new AddMachineUserValidator().Validate(new AddMachineUserCommand("robot", "Robot", "", AccessTokenType.Bearer, userId)).IsValid);
    }

    [Theory]
    [InlineData("my bot")]
    [InlineData("bot/../admin")]
    [InlineData("bot.1")]
    [InlineData("b\u00F6t")]
    [InlineData("bot%00")]
    public void A_chosen_machine_user_id_outside_the_alphabet_is_refused(string userId)
    {
        var errors = new AddMachineUserValidator().Validate(new AddMachineUserCommand("robot", "Robot", "", AccessTokenType.Bearer, userId)).Errors;

        Assert.Equal(["USER-UserIdInvalid"], errors.Select(e => e.ErrorCode));
    }

    [Fact]
    public void A_chosen_machine_user_id_of_201_characters_is_refused()
    {
        Assert.True(new AddMachineUserValidator().Validate(new AddMachineUserCommand("robot", "Robot", "", AccessTokenType.Bearer, new string('a', 200))).IsValid);
        var errors = new AddMachineUserValidator().Validate(new AddMachineUserCommand("robot", "Robot", "", AccessTokenType.Bearer, new string('a', 201))).Errors;
        Assert.Equal(["USER-UserIdInvalid"], errors.Select(e => e.ErrorCode));
    }

    private static IEnumerable<(IValidator Validator, Type RequestType)> Validators() =>
        from type in Application.GetTypes()
        where type is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false }
        from contract in type.GetInterfaces()
        where contract.IsGenericType && contract.GetGenericTypeDefinition() == typeof(IValidator<>)
        select ((IValidator)Activator.CreateInstance(type)!, contract.GetGenericArguments()[0]);

    /// <summary>Paths of the settable string properties of a request, nested records of the Application assembly included.</summary>
    private static IEnumerable<string> StringPaths(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            if (property.PropertyType == typeof(string) && !Exempt.Contains(property.Name))
            {
                yield return prefix + property.Name;
            }
            else if (IsNestedInput(property.PropertyType))
            {
                foreach (var path in StringPaths(property.PropertyType, prefix + property.Name + "."))
                {
                    yield return path;
                }
            }
        }
    }

    private static bool IsNestedInput(Type type) => type.IsClass && type != typeof(string) && type.Assembly == Application;

    /// <summary>An instance whose strings are all "abc" (a value every rule accepts) and whose nested inputs are set.</summary>
    private static object Sample(Type type)
    {
        var instance = RuntimeHelpers.GetUninitializedObject(type);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            if (property.PropertyType == typeof(string))
            {
                property.SetValue(instance, property.Name.Contains("Email", StringComparison.Ordinal) ? "a@b.test" : property.Name == "Phone" ? "+41" : "abc");
            }
            else if (IsNestedInput(property.PropertyType))
            {
                property.SetValue(instance, Sample(property.PropertyType));
            }
        }

        return instance;
    }

    private static void SetPath(object target, string path, string value)
    {
        var parts = path.Split('.');
        for (var i = 0; i < parts.Length - 1; i++)
        {
            target = target.GetType().GetProperty(parts[i])!.GetValue(target)!;
        }

        target.GetType().GetProperty(parts[^1])!.SetValue(target, value);
    }
}
