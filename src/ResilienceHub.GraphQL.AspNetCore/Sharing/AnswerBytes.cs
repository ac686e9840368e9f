using System.Buffers;
using System.IO.Compression;
using System.IO.Hashing;
using GraphQL;
using Microsoft.IO;

namespace ResilienceHub.GraphQL.AspNetCore.Sharing;

/// <summary>
/// An answer as written: its bytes in pooled blocks rather than one growing array (an answer of a megabyte would
/// otherwise cost a few large-object allocations each time), and its ETag, a hash of those bytes.
/// </summary>
internal static class AnswerBytes
{
    // Blocks of 128 KB, at most 32 MB of them kept free between answers.
    private static readonly RecyclableMemoryStreamManager Buffers = new(new RecyclableMemoryStreamManager.Options { MaximumSmallPoolFreeBytes = 32 << 20 });

    /// <summary>The result serialized; the caller disposes of the stream, which returns its blocks.</summary>
    public static async Task<(RecyclableMemoryStream Body, string ETag)> SerializeAsync(
        IGraphQLTextSerializer serializer, ExecutionResult result, CancellationToken cancellationToken)
    {
        var body = Buffers.GetStream();
        try
        {
            await serializer.WriteAsync(body, result, cancellationToken).ConfigureAwait(false);
            var hash = new XxHash128();
            foreach (var block in body.GetReadOnlySequence())
            {
                hash.Append(block.Span);
            }

            return (body, $"\"{Convert.ToHexStringLower(hash.GetCurrentHash())}\"");
        }
        catch
        {
            await body.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The bytes gzipped, fast rather than small: an answer is compressed while its first reader waits.</summary>
    public static byte[] Gzip(ReadOnlySpan<byte> bytes)
    {
        using var compressed = Buffers.GetStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return compressed.ToArray();
    }

    /// <summary>The result as an answer to keep and share, valid at <paramref name="dataVersion"/> for as long as <paramref name="lifetime"/> says.</summary>
    public static async Task<SharedAnswer> ShareAsync(
        IGraphQLTextSerializer serializer, ExecutionResult result, long dataVersion, AnswerLifetime lifetime, CancellationToken cancellationToken)
    {
        var (body, tag) = await SerializeAsync(serializer, result, cancellationToken).ConfigureAwait(false);
        using (body)
        {
            return new SharedAnswer(body.GetReadOnlySequence().ToArray(), tag, dataVersion, lifetime.Until, lifetime.AsOf);
        }
    }
}
