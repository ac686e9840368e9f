using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ResilienceHub.Api.Features.Organisations;

namespace ResilienceHub.Api.Data.Configurations;

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> builder)
    {
        builder.Property(o => o.OdsCode).HasMaxLength(32);
        builder.Property(o => o.Name).HasMaxLength(200);
        builder.HasIndex(o => o.OdsCode).IsUnique();
    }
}

internal sealed class ResilienceGroupConfiguration : IEntityTypeConfiguration<ResilienceGroup>
{
    public void Configure(EntityTypeBuilder<ResilienceGroup> builder)
    {
        builder.Property(g => g.Code).HasMaxLength(32);
        builder.Property(g => g.Name).HasMaxLength(200);
        builder.HasIndex(g => g.Code).IsUnique();
        builder.HasMany(g => g.Members).WithOne().HasForeignKey(m => m.GroupId);
    }
}

internal sealed class GroupMembershipConfiguration : IEntityTypeConfiguration<GroupMembership>
{
    public void Configure(EntityTypeBuilder<GroupMembership> builder)
    {
        builder.HasKey(m => new { m.GroupId, m.OrganisationId });
        builder.HasOne(m => m.Organisation).WithMany().HasForeignKey(m => m.OrganisationId);
    }
}
