using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Measures;

namespace ResilienceHub.Api.Data.Configurations;

internal sealed class MeasureConfiguration : IEntityTypeConfiguration<Measure>
{
    public void Configure(EntityTypeBuilder<Measure> builder)
    {
        builder.Property(m => m.Code).HasMaxLength(MeasureLimits.CodeMaxLength);
        builder.Property(m => m.Name).HasMaxLength(MeasureLimits.NameMaxLength);
        builder.Property(m => m.Unit).HasMaxLength(MeasureLimits.UnitMaxLength);
        builder.Property(m => m.MustNotExceed).HasMaxLength(MeasureLimits.CodeMaxLength);
        builder.HasIndex(m => m.Code).IsUnique();
        builder.HasMany(m => m.AppliesTo).WithOne().HasForeignKey(a => a.MeasureId);
        builder.HasMany(m => m.Revisions).WithOne().HasForeignKey(r => r.MeasureId);
    }
}

internal sealed class MeasureRevisionConfiguration : IEntityTypeConfiguration<MeasureRevision>
{
    public void Configure(EntityTypeBuilder<MeasureRevision> builder)
    {
        builder.Property(r => r.ChangedBy).HasMaxLength(Actor.MaxNameLength);
        builder.Property(r => r.ChangedBySubject).HasMaxLength(Actor.MaxNameLength);
        builder.Property(r => r.Reason).HasMaxLength(MeasureLimits.ReasonMaxLength);
        builder.Property(r => r.Name).HasMaxLength(MeasureLimits.NameMaxLength);
        builder.Property(r => r.Unit).HasMaxLength(MeasureLimits.UnitMaxLength);
        builder.Property(r => r.MustNotExceed).HasMaxLength(MeasureLimits.CodeMaxLength);
        // Two saves of one measure both make revision n + 1: the key lets exactly one of them in.
        builder.HasIndex(r => new { r.MeasureId, r.Revision }).IsUnique();
        builder.HasMany(r => r.AppliesTo).WithOne().HasForeignKey(a => a.MeasureRevisionId);
    }
}

internal sealed class MeasureRevisionApplicabilityConfiguration : IEntityTypeConfiguration<MeasureRevisionApplicability>
{
    public void Configure(EntityTypeBuilder<MeasureRevisionApplicability> builder)
    {
        builder.ToTable("MeasureRevisionApplicabilities");
        builder.HasKey(a => new { a.MeasureRevisionId, a.OrganisationType });
    }
}

internal sealed class MeasureApplicabilityConfiguration : IEntityTypeConfiguration<MeasureApplicability>
{
    public void Configure(EntityTypeBuilder<MeasureApplicability> builder) =>
        builder.HasKey(a => new { a.MeasureId, a.OrganisationType });
}
