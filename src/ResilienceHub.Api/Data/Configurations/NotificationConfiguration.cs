using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.Features.Notifications;

namespace ResilienceHub.Api.Data.Configurations;

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(ContactLimits.NameMaxLength);
        builder.Property(c => c.Email).HasMaxLength(ContactLimits.EmailMaxLength);
        builder.Property(c => c.Mobile).HasMaxLength(ContactLimits.MobileMaxLength);
        builder.Property(c => c.Topics).HasMaxLength(ContactLimits.TopicsMaxLength);
        builder.Property(c => c.ChangedBy).HasMaxLength(Actor.MaxNameLength);
        builder.HasIndex(c => c.OrganisationId);
        builder.HasIndex(c => c.GroupId);
        builder.HasOne<Features.Organisations.Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Features.Organisations.ResilienceGroup>().WithMany().HasForeignKey(c => c.GroupId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.Property(n => n.Topic).HasConversion<string>().HasMaxLength(32);
        builder.Property(n => n.Channel).HasConversion<string>().HasMaxLength(16);
        builder.Property(n => n.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(n => n.Recipient).HasMaxLength(NotificationLimits.RecipientMaxLength);
        builder.Property(n => n.CauseKey).HasMaxLength(NotificationLimits.CauseKeyMaxLength);
        builder.Property(n => n.Subject).HasMaxLength(NotificationLimits.SubjectMaxLength);
        builder.Property(n => n.Body).HasMaxLength(NotificationLimits.BodyMaxLength);
        builder.Property(n => n.Link).HasMaxLength(NotificationLimits.LinkMaxLength);
        builder.Property(n => n.LastError).HasMaxLength(NotificationLimits.LastErrorMaxLength);
        builder.Property(n => n.LeaseToken).HasMaxLength(32);
        // A cause is told once to each address over each channel, whoever decides it and however often.
        builder.HasIndex(n => new { n.CauseKey, n.Channel, n.Recipient }).IsUnique();
        // What the senders look for.
        builder.HasIndex(n => new { n.Status, n.NextAttemptAt });
        builder.HasIndex(n => new { n.IncidentId, n.Id });
        builder.HasOne(n => n.Incident).WithMany().HasForeignKey(n => n.IncidentId).OnDelete(DeleteBehavior.Restrict);
    }
}
