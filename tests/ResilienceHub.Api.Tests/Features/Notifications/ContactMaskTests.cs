using ResilienceHub.Api.Features.Notifications;

namespace ResilienceHub.Api.Tests.Features.Notifications;

/// <summary>An address as the log, the audit trail and the API show it: its ends kept, never the whole of it.</summary>
public sealed class ContactMaskTests
{
    [Theory]
    [InlineData("duty.manager@nhs.net", "d***@nhs.net")]
    [InlineData("+447700900123", "+447******123")]
    [InlineData("webhook:2", "webhook:2")]
    [InlineData("+4477", "***")]
    public void AnAddressIsMaskedAsTheSchemaDescribesIt(string address, string masked) =>
        Assert.Equal(masked, ContactRules.Mask(address));
}
