using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Screen;

/// <summary>
/// Production sign-in: the API trusts only a real OpenID Connect provider (npm oidc-provider on the loopback,
/// tests/e2e/oidc-provider.mjs), and the screen in Debian's headless Chromium signs in there with the authorization
/// code flow and PKCE as a public client, then uses the provider's access token for queries, the live subscription
/// and GraphiQL; it renews the token silently, says so when a token lapses unrenewed, and signs out at the provider.
/// </summary>
public class OidcSignInEndToEndTests
{
    [Fact]
    public async Task TheScreenSignsInAtTheAuthorityWithPkceAndUsesItsTokenUntilItSignsOut()
    {
        E2e.SkipUnlessChromium();
        Assert.SkipUnless(E2e.NodeOnPath() is not null, "node is not on PATH; the test OpenID Connect provider and the browser driver run on Node 20 or later.");
        var cancellation = TestContext.Current.CancellationToken;
        var directory = E2e.Directory();
        foreach (var package in new[] { "playwright-core", "oidc-provider" })
        {
            if (!System.IO.Directory.Exists(Path.Combine(directory, "node_modules", package)))
            {
                throw new InvalidOperationException($"{package} is not installed in {directory}. Building the test project runs 'npm ci' there; run it by hand if that failed.");
            }
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "oidc-sign-in.mjs", E2e.Screenshots() },
        };
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var stderr = node.StandardError.ReadToEndAsync(cancellation);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            // The provider starts first, so the API can be pointed at it; then the provider learns the screen's address.
            var provider = JsonNode.Parse(await node.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException($"oidc-sign-in.mjs printed nothing: {await stderr}"))!;
            var issuer = (string)provider["issuer"]!;
            await using var api = new ApiFactory(demo: true, now: new DateTimeOffset(2016, 4, 28, 12, 0, 0, TimeSpan.Zero))
                .With("GraphQL:GraphiQL", "true")
                .With("Authentication:DevelopmentSigningKey", null)
                .With("Authentication:Authority", issuer)
                .With("Authentication:Audience", (string)provider["audience"]!)
                .With("Authentication:ClientId", (string)provider["clientId"]!)
                .With("Authentication:Scope", (string)provider["scope"]!);
            api.UseKestrel(0);
            api.StartServer();
            var address = api.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            await node.StandardInput.WriteLineAsync(address.AsMemory(), timeout.Token);
            await node.StandardInput.FlushAsync(timeout.Token);

            var output = await node.StandardOutput.ReadToEndAsync(timeout.Token);
            await node.WaitForExitAsync(timeout.Token);
            Assert.True(node.ExitCode == 0, $"node oidc-sign-in.mjs exited with {node.ExitCode}: {await stderr}");
            var seen = JsonNode.Parse(output) ?? throw new InvalidOperationException("oidc-sign-in.mjs printed no result.");

            // The page asked for the provider, not for a development token, and went there with a PKCE code request and no secret.
            var signIn = seen["signIn"]!;
            Assert.Equal(0, (int)signIn["developmentForm"]!);
            Assert.StartsWith($"{issuer}/interaction/", (string)signIn["atProvider"]!, StringComparison.Ordinal);
            Assert.Equal("code", (string?)signIn["authorize"]!["response_type"]);
            Assert.Equal("S256", (string?)signIn["authorize"]!["code_challenge_method"]);
            Assert.True(((string?)signIn["authorize"]!["code_challenge"])?.Length >= 43, "no PKCE code challenge was sent");
            Assert.Equal((string)provider["clientId"]!, (string?)signIn["authorize"]!["client_id"]);
            Assert.Equal((string)provider["scope"]!, (string?)signIn["authorize"]!["scope"]);
            Assert.Equal($"{address}/", (string?)signIn["authorize"]!["redirect_uri"]);
            Assert.False((bool)signIn["secretSent"]!);
            // Back on the screen, the spent code is gone from the address bar, and nothing was put in localStorage.
            Assert.Equal($"{address}/", (string)signIn["urlAfterSignIn"]!);
            Assert.Empty(seen["localStorageKeys"]!.AsArray());

            // The API took the provider's token: the viewer is the provider's user with its roles, and every organisation has a tile.
            Assert.Empty(seen["apiErrors"]!.AsArray());
            Assert.Equal("OIDC test director", (string?)seen["apiViewer"]!["name"]);
            Assert.Equal(["DIRECTOR"], seen["apiViewer"]!["roles"]!.AsArray().Select(r => (string)r!));
            Assert.StartsWith("OIDC test director · DIRECTOR", (string)seen["who"]!, StringComparison.Ordinal);
            var participants = seen["apiParticipants"]!.AsArray().Select(p => (string)p!).Order().ToList();
            Assert.Equal(7, participants.Count);
            Assert.Equal(participants, seen["tiles"]!.AsArray().Select(t => (string)t!).Order());

            // The live subscription, signed in with the same token, brought a correction made with it within two seconds.
            Assert.Empty(seen["live"]!["errors"]!.AsArray());
            Assert.Equal("OIDC test director", (string?)seen["live"]!["submittedBy"]);
            Assert.InRange((int)seen["live"]!["appearedMs"]!, 0, 2000);

            // Silent renewal brought a new token, which the API accepts; GraphiQL had it pre-set.
            Assert.True((bool)seen["renewal"]!["renewed"]!);
            Assert.Equal("OIDC test director", (string?)seen["renewal"]!["accepted"]);
            Assert.True((bool?)seen["graphiql"]);

            // Signing out forgets the token and ends the provider's session: signing in again asks for the password.
            Assert.Null(seen["signOut"]!["token"]);
            Assert.Equal($"{address}/", (string?)seen["signOut"]!["urlAfter"]);
            Assert.True((bool)seen["signOut"]!["loginAskedAgain"]!);

            // A token that lapses unrenewed (the provider refusing silent renewal) signs the page out, saying so.
            var expiry = seen["expiry"]!;
            Assert.Equal("Your sign-in has expired. Sign in again.", (string)expiry["message"]!);
            Assert.Null(expiry["token"]);
            Assert.True((bool)expiry["signInOffered"]!);

            var timings = seen["timings"]!.ToJsonString();
            await File.WriteAllTextAsync(Path.Combine(E2e.Screenshots(), "..", "e2e-oidc-timings.json"), timings, cancellation);
            TestContext.Current.SendDiagnosticMessage($"OIDC sign-in end-to-end timings (ms): {timings}");
        }
        finally
        {
            if (!node.HasExited)
            {
                node.Kill(entireProcessTree: true);
            }
        }
    }
}
