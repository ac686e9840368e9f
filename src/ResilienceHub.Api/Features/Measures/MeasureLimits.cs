namespace ResilienceHub.Api.Features.Measures;

public static class MeasureLimits
{
    public const int CodeMaxLength = 64;
    public const int NameMaxLength = 200;
    public const int UnitMaxLength = 64;

    /// <summary>Why a revision was made: as long as a return's amendment reason.</summary>
    public const int ReasonMaxLength = 500;
}
