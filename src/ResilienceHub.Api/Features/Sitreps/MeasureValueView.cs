namespace ResilienceHub.Api.Features.Sitreps;

public readonly record struct MeasureValueView(int MeasureId, int Value);
