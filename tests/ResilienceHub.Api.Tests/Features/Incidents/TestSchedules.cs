using ResilienceHub.Api.Features.Incidents;

namespace ResilienceHub.Api.Tests.Features.Incidents;

internal static class TestSchedules
{
    public const string London = "Europe/London";

    public static DateTime Utc(int year, int month, int day, int hour, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, DateTimeKind.Utc);

    public static ReportingWindow Window(int year, int month, int day, int firstHour, int lastHour) =>
        new(new DateOnly(year, month, day), new TimeOnly(firstHour, 0), new TimeOnly(lastHour, 0));

    /// <summary>The reference case: the junior doctors' strike, 26–27 April 2016, 08:00–17:00 local, hourly, 15 minutes' grace.</summary>
    public static ReportingSchedule Strike() =>
        new(London, 60, 15, [Window(2016, 4, 26, 8, 17), Window(2016, 4, 27, 8, 17)]);

    public static ReportingSchedule Hourly(params ReportingWindow[] windows) => new(London, 60, 15, windows);
}
