using Microsoft.Extensions.Options;
using ResilienceHub.Api.GraphQL;
using ResilienceHub.GraphQL.AspNetCore.PersistedDocuments;

namespace ResilienceHub.Api.Screen;

/// <summary>
/// The screen's GraphQL documents, as its build registered them: <c>persisted-documents.json</c> beside the bundle in
/// wwwroot, each document's SHA256 hex document id to its text (ClientApp/src/documents.ts holds them).
/// </summary>
internal static partial class ScreenDocuments
{
    public const string ManifestFile = "persisted-documents.json";

    public static IPersistedDocumentStore Load(IServiceProvider services)
    {
        var environment = services.GetRequiredService<IWebHostEnvironment>();
        var only = services.GetRequiredService<GraphQLLimits>().PersistedDocumentsOnly;
        var file = environment.WebRootFileProvider.GetFileInfo(ManifestFile);
        if (!file.Exists)
        {
            // Built without the screen (-p:BuildClientApp=false): nothing is registered, so only-persisted could run nothing.
            if (only)
            {
                throw Refused($"GraphQL:PersistedDocumentsOnly is on, but the screen's {ManifestFile} is not in {environment.WebRootPath ?? "wwwroot"}: build with the screen, or turn it off.");
            }

            LogNoManifest(services.GetRequiredService<ILogger<PersistedDocumentManifest>>(), ManifestFile);
            return new PersistedDocumentManifest([]);
        }

        using var json = file.CreateReadStream();
        try
        {
            return PersistedDocumentManifest.Read(json);
        }
        catch (InvalidDataException invalid)
        {
            throw Refused($"The screen's {ManifestFile} cannot be used: {invalid.Message}");
        }
    }

    private static OptionsValidationException Refused(string message) => new(GraphQLLimits.Section, typeof(GraphQLLimits), [message]);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No {Manifest} in wwwroot: the screen was not built, so no persisted document is registered")]
    private static partial void LogNoManifest(ILogger logger, string manifest);
}
