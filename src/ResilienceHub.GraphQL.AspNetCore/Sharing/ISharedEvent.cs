namespace ResilienceHub.GraphQL.AspNetCore.Sharing;

/// <summary>
/// A subscription's source event that its subscribers may share one execution of: those of the same subscription (its
/// document and variables) who see the same things are sent the same bytes, executed once per key and data version.
/// An event that is not one is executed for each subscriber.
/// </summary>
public interface ISharedEvent
{
    /// <summary>What the event's execution depends on: two events with the same key give the same answer at one data version.</summary>
    string SharingKey { get; }
}
