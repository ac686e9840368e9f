using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ResilienceHub.Api;

/// <summary>
/// The one style for settings: a configuration section bound to a class whose data annotations say what is allowed,
/// checked when the app starts (or a command runs), so a bad value stops it there, named, never on first use.
/// </summary>
internal static class ValidatedOptions
{
    /// <summary>Registers <typeparamref name="T"/> bound to <paramref name="section"/> and returns its value, already checked, for set-up code.</summary>
    public static T AddValidatedOptions<T>(this IHostApplicationBuilder builder, string section) where T : class, new()
    {
        // A misspelt key is an error, not a setting silently left at its default.
        static void Strict(BinderOptions binder) => binder.ErrorOnUnknownConfiguration = true;
        builder.Services.AddOptions<T>().Bind(builder.Configuration.GetSection(section), Strict).ValidateDataAnnotations().ValidateOnStart();
        T value;
        try
        {
            value = builder.Configuration.GetSection(section).Get<T>(Strict) ?? new T();
        }
        catch (InvalidOperationException unreadable)
        {
            // The binder's own words name the key it could not place or read.
            throw new OptionsValidationException(section, typeof(T), [unreadable.Message]);
        }

        var problems = new List<ValidationResult>();
        if (!Validator.TryValidateObject(value, new ValidationContext(value), problems, validateAllProperties: true))
        {
            throw new OptionsValidationException(section, typeof(T), problems.Select(p => p.ErrorMessage ?? $"A {section} setting is invalid."));
        }

        return value;
    }
}
