using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ResilienceHub.Api.Features.Incidents;

namespace ResilienceHub.Api.Data.Configurations;

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> builder)
    {
        builder.Property(i => i.Reference).HasMaxLength(IncidentLimits.ReferenceMaxLength);
        builder.Property(i => i.Title).HasMaxLength(IncidentLimits.TitleMaxLength);
        builder.Property(i => i.Kind).HasMaxLength(IncidentLimits.KindMaxLength);
        builder.Property(i => i.TimeZone).HasMaxLength(64);
        builder.Property(i => i.DeclaredBy).HasMaxLength(200);
        builder.Property(i => i.StoodDownBy).HasMaxLength(200);
        builder.HasIndex(i => i.Reference).IsUnique();
        builder.HasOne(i => i.Group).WithMany().HasForeignKey(i => i.GroupId).OnDelete(DeleteBehavior.Restrict);
        // No foreign key to the source (SQLite would rebuild the table to add one); deleting an exercise another replays is refused by a check.
        builder.HasIndex(i => i.ReplayOfId);
        builder.HasMany(i => i.Windows).WithOne().HasForeignKey(w => w.IncidentId);
        builder.HasMany(i => i.Participants).WithOne().HasForeignKey(p => p.IncidentId);
    }
}

internal sealed class IncidentWindowConfiguration : IEntityTypeConfiguration<IncidentWindow>
{
    public void Configure(EntityTypeBuilder<IncidentWindow> builder) =>
        builder.HasKey(w => new { w.IncidentId, w.Date });
}

internal sealed class IncidentParticipantConfiguration : IEntityTypeConfiguration<IncidentParticipant>
{
    public void Configure(EntityTypeBuilder<IncidentParticipant> builder)
    {
        builder.HasKey(p => new { p.IncidentId, p.OrganisationId });
        builder.HasOne(p => p.Organisation).WithMany().HasForeignKey(p => p.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}
