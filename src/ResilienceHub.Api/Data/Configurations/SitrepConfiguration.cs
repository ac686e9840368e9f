using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ResilienceHub.Api.Features.Incidents;
using ResilienceHub.Api.Features.Measures;
using ResilienceHub.Api.Features.Organisations;
using ResilienceHub.Api.Features.Sitreps;

namespace ResilienceHub.Api.Data.Configurations;

internal sealed class SitrepConfiguration : IEntityTypeConfiguration<Sitrep>
{
    public void Configure(EntityTypeBuilder<Sitrep> builder)
    {
        // One return per organisation and period: the database, not a check-then-insert, decides a race.
        builder.HasIndex(s => new { s.IncidentId, s.OrganisationId, s.PeriodStartsAt }).IsUnique();
        builder.HasIndex(s => new { s.IncidentId, s.PeriodStartsAt });
        builder.Property(s => s.CurrentVersion).IsConcurrencyToken();
        builder.HasOne<Incident>().WithMany().HasForeignKey(s => s.IncidentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(s => s.Versions).WithOne(v => v.Sitrep).HasForeignKey(v => v.SitrepId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SitrepVersionConfiguration : IEntityTypeConfiguration<SitrepVersion>
{
    public void Configure(EntityTypeBuilder<SitrepVersion> builder)
    {
        builder.HasIndex(v => new { v.SitrepId, v.Version }).IsUnique();
        // Per organisation: one trust's keys (predictable or not) can never use up another's.
        // No foreign key: the return's own key holds the organisation, and SQLite could add one only by rebuilding the table.
        builder.HasIndex(v => new { v.OrganisationId, v.IdempotencyKey }).IsUnique();
        builder.Property(v => v.SubmittedBy).HasMaxLength(200);
        builder.Property(v => v.OnBehalfOf).HasMaxLength(200);
        builder.Property(v => v.KeyIssues).HasMaxLength(SitrepVersionLimits.FreeTextMaxLength);
        builder.Property(v => v.Mitigations).HasMaxLength(SitrepVersionLimits.FreeTextMaxLength);
        builder.Property(v => v.SupportRequested).HasMaxLength(SitrepVersionLimits.FreeTextMaxLength);
        builder.Property(v => v.AmendmentReason).HasMaxLength(SitrepVersionLimits.ReasonMaxLength);
        builder.Property(v => v.IdempotencyKey).HasMaxLength(SitrepVersionLimits.IdempotencyKeyMaxLength);
        builder.Property(v => v.ContentHash).HasMaxLength(64);
        builder.HasMany(v => v.Values).WithOne().HasForeignKey(x => x.SitrepVersionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SitrepSignOffConfiguration : IEntityTypeConfiguration<SitrepSignOff>
{
    public void Configure(EntityTypeBuilder<SitrepSignOff> builder)
    {
        // A version is signed off once: the database decides between two signatories at once.
        builder.HasIndex(s => new { s.SitrepId, s.Version }).IsUnique();
        // The ledger reads an incident's sign-offs by their key.
        builder.HasIndex(s => new { s.IncidentId, s.Id });
        builder.Property(s => s.SignedOffBy).HasMaxLength(200);
        builder.HasOne(s => s.Sitrep).WithMany().HasForeignKey(s => s.SitrepId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Incident>().WithMany().HasForeignKey(s => s.IncidentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SitrepValueConfiguration : IEntityTypeConfiguration<SitrepValue>
{
    public void Configure(EntityTypeBuilder<SitrepValue> builder)
    {
        builder.HasKey(v => new { v.SitrepVersionId, v.MeasureId });
        builder.HasOne<Measure>().WithMany().HasForeignKey(v => v.MeasureId).OnDelete(DeleteBehavior.Restrict);
    }
}
