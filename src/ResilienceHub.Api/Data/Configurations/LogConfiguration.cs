using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ResilienceHub.Api.Features.Log;
using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Data.Configurations;

internal sealed class LogEntryConfiguration : IEntityTypeConfiguration<LogEntry>
{
    public void Configure(EntityTypeBuilder<LogEntry> builder)
    {
        // Numbers without gaps: the database, not a check beforehand, decides which of two writers takes a number.
        builder.HasIndex(e => new { e.IncidentId, e.Number }).IsUnique();
        // An entry is corrected once: a second correction of it loses to the first.
        builder.HasIndex(e => e.CorrectsId).IsUnique();
        builder.HasIndex(e => new { e.IncidentId, e.IdempotencyKey }).IsUnique();
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Summary).HasMaxLength(LogLimits.SummaryMaxLength);
        builder.Property(e => e.Rationale).HasMaxLength(LogLimits.TextMaxLength);
        builder.Property(e => e.DecisionMaker).HasMaxLength(LogLimits.NameMaxLength);
        builder.Property(e => e.RecordedBy).HasMaxLength(Features.Access.Actor.MaxNameLength);
        builder.Property(e => e.DelayReason).HasMaxLength(LogLimits.ReasonMaxLength);
        builder.Property(e => e.CorrectionReason).HasMaxLength(LogLimits.ReasonMaxLength);
        builder.Property(e => e.IdempotencyKey).HasMaxLength(Idempotency.KeyMaxLength);
        builder.Property(e => e.ContentHash).HasMaxLength(64);
        builder.HasOne(e => e.Incident).WithMany().HasForeignKey(e => e.IncidentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<LogEntry>().WithMany().HasForeignKey(e => e.CorrectsId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class IncidentActionConfiguration : IEntityTypeConfiguration<IncidentAction>
{
    public void Configure(EntityTypeBuilder<IncidentAction> builder)
    {
        builder.HasIndex(a => new { a.IncidentId, a.Number }).IsUnique();
        builder.HasIndex(a => new { a.IncidentId, a.IdempotencyKey }).IsUnique();
        builder.Property(a => a.Title).HasMaxLength(LogLimits.SummaryMaxLength);
        builder.Property(a => a.OwnerName).HasMaxLength(LogLimits.NameMaxLength);
        builder.Property(a => a.RaisedBy).HasMaxLength(Features.Access.Actor.MaxNameLength);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        // The version read is the concurrency token: of two updates from the same version, the second matches no row.
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.Property(a => a.IdempotencyKey).HasMaxLength(Idempotency.KeyMaxLength);
        builder.Property(a => a.ContentHash).HasMaxLength(64);
        builder.HasOne(a => a.Incident).WithMany().HasForeignKey(a => a.IncidentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Features.Organisations.Organisation>().WithMany().HasForeignKey(a => a.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<LogEntry>().WithMany().HasForeignKey(a => a.DecisionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(a => a.Updates).WithOne().HasForeignKey(u => u.ActionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ActionUpdateConfiguration : IEntityTypeConfiguration<ActionUpdate>
{
    public void Configure(EntityTypeBuilder<ActionUpdate> builder)
    {
        builder.HasIndex(u => new { u.ActionId, u.Version }).IsUnique();
        builder.Property(u => u.By).HasMaxLength(Features.Access.Actor.MaxNameLength);
        builder.Property(u => u.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(u => u.Note).HasMaxLength(LogLimits.ReasonMaxLength);
    }
}
