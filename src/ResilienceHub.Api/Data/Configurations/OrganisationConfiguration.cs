using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Organisations;

namespace ResilienceHub.Api.Data.Configurations;

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> builder)
    {
        builder.Property(o => o.OdsCode).HasMaxLength(OrganisationLimits.CodeMaxLength);
        builder.Property(o => o.Name).HasMaxLength(OrganisationLimits.NameMaxLength);
        builder.Property(o => o.ChangedBy).HasMaxLength(Actor.MaxNameLength);
        builder.HasIndex(o => o.OdsCode).IsUnique();
    }
}

internal sealed class ResilienceGroupConfiguration : IEntityTypeConfiguration<ResilienceGroup>
{
    public void Configure(EntityTypeBuilder<ResilienceGroup> builder)
    {
        builder.Property(g => g.Code).HasMaxLength(OrganisationLimits.CodeMaxLength);
        builder.Property(g => g.Name).HasMaxLength(OrganisationLimits.NameMaxLength);
        builder.Property(g => g.ChangedBy).HasMaxLength(Actor.MaxNameLength);
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
