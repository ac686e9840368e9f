namespace ResilienceHub.Api.Features.Incidents;

/// <summary>
/// One report time of a schedule. All instants are UTC (Kind=Utc): <see cref="StartsAt"/> is the "as at" instant,
/// <see cref="EndsAt"/> = StartsAt + cadence, <see cref="DueAt"/> = StartsAt + grace, and a return may be submitted
/// from <see cref="OpensAt"/> = StartsAt − grace on. <see cref="LocalDate"/> is the schedule-local date of StartsAt.
/// </summary>
public readonly record struct ReportingPeriod(
    DateTime StartsAt, DateTime EndsAt, DateTime DueAt, DateTime OpensAt, DateOnly LocalDate);
