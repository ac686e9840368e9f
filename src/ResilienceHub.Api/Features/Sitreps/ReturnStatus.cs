namespace ResilienceHub.Api.Features.Sitreps;

public enum ReturnStatus { Submitted, Late, Overdue, Due, Upcoming }
