using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ResilienceHub.Api.Features.Measures;

namespace ResilienceHub.Api.Data.Configurations;

internal sealed class MeasureConfiguration : IEntityTypeConfiguration<Measure>
{
    public void Configure(EntityTypeBuilder<Measure> builder)
    {
        builder.Property(m => m.Code).HasMaxLength(64);
        builder.Property(m => m.Name).HasMaxLength(200);
        builder.Property(m => m.Unit).HasMaxLength(64);
        builder.Property(m => m.MustNotExceed).HasMaxLength(64);
        builder.HasIndex(m => m.Code).IsUnique();
        builder.HasMany(m => m.AppliesTo).WithOne().HasForeignKey(a => a.MeasureId);
    }
}

internal sealed class MeasureApplicabilityConfiguration : IEntityTypeConfiguration<MeasureApplicability>
{
    public void Configure(EntityTypeBuilder<MeasureApplicability> builder) =>
        builder.HasKey(a => new { a.MeasureId, a.OrganisationType });
}
