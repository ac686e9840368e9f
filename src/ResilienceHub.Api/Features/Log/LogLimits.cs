namespace ResilienceHub.Api.Features.Log;

public static class LogLimits
{
    public const int SummaryMaxLength = 500;
    public const int TextMaxLength = 4000;
    public const int NameMaxLength = 200;
    public const int ReasonMaxLength = 1000;
    public const int MaxOptions = 20;
    public const int OptionMaxLength = 500;

    /// <summary>An entry written more than this after what it records must say why (JESIP: at the first chance, delays explained).</summary>
    public static readonly TimeSpan DelayNeedingReason = TimeSpan.FromMinutes(15);
}
