using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Audit;

namespace ResilienceHub.Api.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.Property(a => a.Actor).HasMaxLength(Actor.MaxNameLength);
        builder.Property(a => a.ActorSubject).HasMaxLength(Actor.MaxNameLength);
        builder.Property(a => a.Roles).HasMaxLength(200);
        builder.Property(a => a.OnBehalfOf).HasMaxLength(64);
        builder.Property(a => a.ClientAddress).HasMaxLength(64);
        builder.Property(a => a.Action).HasMaxLength(32);
        builder.Property(a => a.Outcome).HasMaxLength(16);
        builder.Property(a => a.Detail).HasMaxLength(AuditLimits.DetailMaxLength);
        builder.HasIndex(a => a.OccurredAt);
        builder.HasOne(a => a.Incident).WithMany().HasForeignKey(a => a.IncidentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(a => a.Sitrep).WithMany().HasForeignKey(a => a.SitrepId).OnDelete(DeleteBehavior.Restrict);
    }
}
