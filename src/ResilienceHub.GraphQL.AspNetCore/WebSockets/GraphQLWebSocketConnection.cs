using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ResilienceHub.GraphQL.AspNetCore.Execution;
using ResilienceHub.GraphQL.AspNetCore.Http;
using ResilienceHub.GraphQL.AspNetCore.PersistedDocuments;
using ResilienceHub.GraphQL.AspNetCore.Sharing;

namespace ResilienceHub.GraphQL.AspNetCore.WebSockets;

/// <summary>
/// One client's graphql-transport-ws connection (the protocol of the npm graphql-ws library):
/// https://github.com/enisdenjo/graphql-ws/blob/master/PROTOCOL.md
/// </summary>
internal sealed partial class GraphQLWebSocketConnection<TSchema> : IAsyncDisposable where TSchema : ISchema
{
    public const string SubProtocol = "graphql-transport-ws";

    private const string CredentialsExpired = "Forbidden: credentials expired";
    private const string EventStreamFailedCode = "EVENT_STREAM_FAILED";

    // Waits longer than a day are taken a day at a time: timers take at most 49 days.
    private static readonly TimeSpan s_longestWait = TimeSpan.FromDays(1);

    // How long a close may wait for a send stuck behind a client that stopped reading, and for the client's reply.
    private static readonly TimeSpan s_closeGrace = TimeSpan.FromSeconds(5);

    private readonly HttpContext _http;
    private readonly WebSocket _socket;
    private readonly GraphQLHttpOptions _options;
    private readonly WebSocketIdentities _identities;
    private readonly TimeProvider _time;
    private readonly IGraphQLTextSerializer _serializer;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _closing;
    private readonly ConcurrentDictionary<string, Operation> _operations = new(StringComparer.Ordinal);
    // Timers and closes started outside the receive loop, awaited before the connection is disposed.
    private readonly ConcurrentQueue<Task> _background = new();
    private readonly Lock _activity = new();
    private int _running;
    private long _idleSince;
    private int _initReceived;
    private int _closeStarted;
    private volatile bool _acknowledged;
    private string? _identity;

    public GraphQLWebSocketConnection(HttpContext http, WebSocket socket, GraphQLHttpOptions options, WebSocketIdentities identities,
        TimeProvider time, ILogger logger)
    {
        _http = http;
        _socket = socket;
        _options = options;
        _identities = identities;
        _time = time;
        _logger = logger;
        _serializer = http.RequestServices.GetRequiredService<IGraphQLTextSerializer>();
        _closing = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        _idleSince = time.GetTimestamp();
    }

    private GraphQLWebSocketOptions Settings => _options.WebSockets;

    public async Task RunAsync()
    {
        var closing = _closing.Token;
        _background.Enqueue(CloseUnlessInitialisedAsync(closing));
        if (Settings.IdleTimeout is { } idleTimeout)
        {
            _background.Enqueue(CloseWhenIdleAsync(idleTimeout, closing));
        }
        var buffer = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (!closing.IsCancellationRequested)
            {
                buffer.ResetWrittenCount();
                var (type, tooLarge) = await ReceiveAsync(buffer, closing).ConfigureAwait(false);
                if (type == WebSocketMessageType.Close)
                {
                    return;
                }
                if (tooLarge)
                {
                    await CloseAsync(WebSocketCloseStatus.MessageTooBig, "Message too large").ConfigureAwait(false);
                    return;
                }
                if (type == WebSocketMessageType.Binary)
                {
                    await CloseAsync(CloseCodes.BadRequest, "Binary messages are not part of graphql-transport-ws").ConfigureAwait(false);
                    return;
                }
                if (!await HandleAsync(buffer.WrittenMemory).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
        {
            // The client went away or the server is stopping; the operations are cancelled below.
        }
    }

    // Returns false once the connection has been closed for a protocol violation.
    private async Task<bool> HandleAsync(ReadOnlyMemory<byte> message)
    {
        Message parsed;
        try
        {
            parsed = Message.Parse(message);
        }
        catch (JsonException)
        {
            return await ViolationAsync(CloseCodes.BadRequest, "Invalid message received").ConfigureAwait(false);
        }

        switch (parsed.Type)
        {
            case "connection_init":
                return await InitialiseAsync(parsed).ConfigureAwait(false);

            case "ping":
                await SendAsync("pong", id: null, payload: null).ConfigureAwait(false);
                return true;

            case "pong":
                return true;

            case "subscribe":
                if (!_acknowledged)
                {
                    return await ViolationAsync(CloseCodes.Unauthorized, "Unauthorized").ConfigureAwait(false);
                }
                if (parsed.Id is not { Length: > 0 } id || parsed.Payload is not { ValueKind: JsonValueKind.Object } request
                    || !(IsString(request, "query") || (!request.TryGetProperty("query", out _) && IsString(request, "documentId"))))
                {
                    return await ViolationAsync(CloseCodes.BadRequest, "Invalid message received").ConfigureAwait(false);
                }
                if (_operations.ContainsKey(id))
                {
                    return await ViolationAsync(CloseCodes.SubscriberAlreadyExists, $"Subscriber for {id} already exists").ConfigureAwait(false);
                }
                var parameters = _serializer.Deserialize<GraphQLRequest>(request.GetRawText())!;
                var text = parameters.Query;
                if (text is null)
                {
                    // A persisted document named by its id, as over HTTP: a graphql-ws client sends the text, others may not.
                    var documentId = request.GetProperty("documentId").GetString()!;
                    text = _http.RequestServices.GetService<IPersistedDocumentStore>() is { } store
                        ? await store.FindAsync(documentId, _closing.Token).ConfigureAwait(false)
                        : null;
                    if (text is null)
                    {
                        await SendErrorsAsync(id, new ExecutionResult(PersistedDocumentError.Unknown(documentId))).ConfigureAwait(false);
                        return true;
                    }
                }
                return await StartAsync(id, new GraphQLHttpRequest(text, parameters.OperationName, parameters.Variables, parameters.Extensions)).ConfigureAwait(false);

            case "complete":
                if (parsed.Id is not { Length: > 0 } completed)
                {
                    return await ViolationAsync(CloseCodes.BadRequest, "Invalid message received").ConfigureAwait(false);
                }
                if (_operations.TryGetValue(completed, out var operation))
                {
                    await operation.CancelAsync().ConfigureAwait(false);
                }
                return true;

            default:
                return await ViolationAsync(CloseCodes.BadRequest, "Invalid message received").ConfigureAwait(false);
        }
    }

    private static bool IsString(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String;

    private async Task<bool> InitialiseAsync(Message init)
    {
        if (Interlocked.Exchange(ref _initReceived, 1) == 1)
        {
            return await ViolationAsync(CloseCodes.TooManyInitialisationRequests, "Too many initialisation requests").ConfigureAwait(false);
        }
        if (init.Payload is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) })
        {
            return await ViolationAsync(CloseCodes.BadRequest, "Invalid message received").ConfigureAwait(false);
        }
        var payload = init.Payload is { ValueKind: JsonValueKind.Object } json ? _serializer.Deserialize<Inputs>(json.GetRawText()) : null;
        var user = Settings.AuthenticateConnection is { } authenticate ? await authenticate(_http, payload).ConfigureAwait(false) : _http.User;
        if (user is null)
        {
            return await ViolationAsync(CloseCodes.Forbidden, "Forbidden").ConfigureAwait(false);
        }
        // Hooks that read the HttpContext (user context, execution options, identity) see who the connection acts for.
        _http.User = user;

        if (Settings.CredentialsExpireAt?.Invoke(user) is { } expiresAt)
        {
            if (expiresAt <= _time.GetUtcNow())
            {
                return await ViolationAsync(CloseCodes.Forbidden, CredentialsExpired).ConfigureAwait(false);
            }
            _background.Enqueue(CloseAtExpiryAsync(expiresAt, _closing.Token));
        }

        var identity = (Settings.IdentityKey ?? GraphQLWebSocketOptions.DefaultIdentityKey)(_http);
        if (!_identities.TryAddConnection(identity, Settings.MaxConnectionsPerIdentity))
        {
            LogTooManyConnections(_logger, identity, Settings.MaxConnectionsPerIdentity);
            return await ViolationAsync(CloseCodes.TryAgainLater, "Try again later: too many connections").ConfigureAwait(false);
        }
        // Counted from here on; DisposeAsync takes it off.
        _identity = identity;
        _acknowledged = true;
        await SendAsync("connection_ack", id: null, payload: null).ConfigureAwait(false);
        return true;
    }

    private async Task<bool> StartAsync(string id, GraphQLHttpRequest request)
    {
        if (Volatile.Read(ref _closeStarted) == 1)
        {
            // Closing: the client is about to learn why, and nothing new starts meanwhile.
            return true;
        }
        if (Settings.AdmitOperation is { } admit && await admit(_http).ConfigureAwait(false) is { } refusal)
        {
            await SendErrorsAsync(id, new ExecutionResult(refusal)).ConfigureAwait(false);
            return true;
        }
        if (_operations.Count >= Settings.MaxOperationsPerConnection)
        {
            await SendErrorsAsync(id, TooManyOperations($"At most {Settings.MaxOperationsPerConnection} operations may run at once on one connection.")).ConfigureAwait(false);
            return true;
        }
        var identity = _identity!;
        if (!_identities.TryAddOperation(identity, Settings.MaxOperationsPerIdentity))
        {
            await SendErrorsAsync(id, TooManyOperations($"At most {Settings.MaxOperationsPerIdentity} operations may run at once for one user across their connections.")).ConfigureAwait(false);
            return true;
        }

        var operation = new Operation(CancellationTokenSource.CreateLinkedTokenSource(_closing.Token));
        // The receive loop alone adds, so the id checked above is still free.
        _operations[id] = operation;
        lock (_activity)
        {
            _running++;
        }
        operation.Running = RunOperationAsync(id, request, operation, identity);
        return true;
    }

    private static ExecutionResult TooManyOperations(string message) =>
        new(new ExecutionError(message) { Code = GraphQLWebSocketOptions.TooManyOperationsCode });

    private async Task RunOperationAsync(string id, GraphQLHttpRequest request, Operation operation, string identity)
    {
        var cancellation = operation.Cancellation.Token;
        try
        {
            // The subscribe's scope lives as long as its stream, which may hold on to what it resolved.
            var scope = _http.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
            await using var scopeDisposal = scope.ConfigureAwait(false);
            var result = await ExecuteAsync(request, scope.ServiceProvider, root: null, cancellation).ConfigureAwait(false);
            if (!result.Executed)
            {
                await SendErrorsAsync(id, result).ConfigureAwait(false);
                return;
            }
            if (result.Streams is not { Count: > 0 } streams)
            {
                await SendAsync("next", id, result).ConfigureAwait(false);
                await SendAsync("complete", id, payload: null).ConfigureAwait(false);
                return;
            }

            if (await RunSubscriptionAsync(id, request, operation, streams.Values.First()).ConfigureAwait(false))
            {
                await SendAsync("complete", id, payload: null).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The client completed the operation or left, or the server closed the socket; nobody expects more.
        }
        catch (Exception exception)
        {
            LogOperationFailed(_logger, exception, id);
            await CloseAsync(CloseCodes.InternalServerError, "Internal server error").ConfigureAwait(false);
        }
        finally
        {
            _operations.TryRemove(new KeyValuePair<string, Operation>(id, operation));
            _identities.RemoveOperation(identity);
            lock (_activity)
            {
                if (--_running == 0)
                {
                    _idleSince = _time.GetTimestamp();
                }
            }
            operation.Cancellation.Dispose();
        }
    }

    // Executes each source event as a request of its own; true when the stream ended and the client is owed complete.
    private async Task<bool> RunSubscriptionAsync(string id, GraphQLHttpRequest request, Operation operation, IObservable<ExecutionResult> stream)
    {
        var cancellation = operation.Cancellation.Token;
        var events = Channel.CreateBounded<ExecutionResult>(new BoundedChannelOptions(Settings.MaxPendingEvents) { SingleReader = true });
        // What a shared event's answer is kept by besides the event: the subscription and who sees it (set at connection_init).
        var sharing = _http.RequestServices.GetService<IAnswerSharing>();
        var subscriptionKey = sharing?.AudienceOf(_http) is { } audience ? SharedAnswers.KeyOf(request, audience, _serializer) : null;
        var nextPrefix = NextPrefix(id);
        using (stream.Subscribe(new EventQueue(events.Writer, () => SubscriberTooSlow(id, operation))))
        {
            try
            {
                await foreach (var next in events.Reader.ReadAllAsync(cancellation).ConfigureAwait(false))
                {
                    var sourceEvent = (SubscriptionEventResult)next;
                    var eventScope = _http.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
                    await using var eventScopeDisposal = eventScope.ConfigureAwait(false);
                    var (shared, own) = sharing is not null && subscriptionKey is not null && sourceEvent.Value is ISharedEvent sharedEvent
                        ? await ShareEventAsync(sharing, $"{subscriptionKey}/{sharedEvent.SharingKey}", request, sharedEvent, eventScope.ServiceProvider, cancellation).ConfigureAwait(false)
                        : (null, null);
                    if (shared is not null)
                    {
                        await SendNextAsync(nextPrefix, shared.Bytes).ConfigureAwait(false);
                        continue;
                    }

                    var eventResult = own ?? await ExecuteAsync(request, eventScope.ServiceProvider, new SubscriptionEvent(sourceEvent.Value), cancellation).ConfigureAwait(false);
                    if (!eventResult.Executed)
                    {
                        // A rule refused this event (e.g. the user may no longer see it): the subscription ends here.
                        await SendErrorsAsync(id, eventResult).ConfigureAwait(false);
                        return false;
                    }
                    await SendAsync("next", id, eventResult).ConfigureAwait(false);
                }
            }
            catch (EventStreamFailedException failure)
            {
                // GraphQL.NET turned the source's exception into an error; its details stay in the log.
                LogStreamFailed(_logger, id, failure.Error.InnerException?.Message ?? failure.Error.Message);
                await SendAsync("next", id, new ExecutionResult(new ExecutionError("The event stream failed.") { Code = EventStreamFailedCode })).ConfigureAwait(false);
            }
        }
        return true;
    }

    // Called by the event source's thread when the queue is full: stop the subscription and tell the client, never drop.
    private void SubscriberTooSlow(string id, Operation operation)
    {
        if (Interlocked.Exchange(ref operation.Overflowed, 1) == 1)
        {
            return;
        }
        LogSubscriberTooSlow(_logger, id, Settings.MaxPendingEvents);
        _background.Enqueue(CloseAsync(CloseCodes.SubscriberTooSlow, "Subscriber too slow: events would be lost"));
    }

    /// <summary>
    /// A shared event's answer (<see cref="ISharedEvent"/>), executed once for every subscriber of the same subscription
    /// who sees the same things; neither an answer nor a result when its answer is this subscriber's own to execute.
    /// </summary>
    private Task<(SharedAnswer? Shared, ExecutionResult? Own)> ShareEventAsync(
        IAnswerSharing sharing, string key, GraphQLHttpRequest request, ISharedEvent sharedEvent, IServiceProvider services, CancellationToken cancellation) =>
        services.GetRequiredService<SharedAnswers>().AnswerAsync(
            key, sharing, services, _serializer, _time, () => ExecuteAsync(request, services, new SubscriptionEvent(sharedEvent), cancellation), cancellation);

    private Task<ExecutionResult> ExecuteAsync(GraphQLHttpRequest request, IServiceProvider services, object? root, CancellationToken cancellation) =>
        GraphQLRequestExecution.ExecuteAsync<TSchema>(
            GraphQLRequestExecution.Build(_options, _http, request, document: null, services, root, cancellation));

    // The handshake deadline is on the real clock, not the TimeProvider: a fake clock in tests must not hold sockets open.
    private async Task CloseUnlessInitialisedAsync(CancellationToken closing)
    {
        try
        {
            await Task.Delay(Settings.ConnectionInitTimeout, closing).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The connection ended first.
            return;
        }
        if (Volatile.Read(ref _initReceived) == 0)
        {
            await CloseAsync(CloseCodes.ConnectionInitialisationTimeout, "Connection initialisation timeout").ConfigureAwait(false);
        }
    }

    private async Task CloseAtExpiryAsync(DateTimeOffset expiresAt, CancellationToken closing)
    {
        try
        {
            for (var left = expiresAt - _time.GetUtcNow(); left > TimeSpan.Zero; left = expiresAt - _time.GetUtcNow())
            {
                await Task.Delay(left < s_longestWait ? left : s_longestWait, _time, closing).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }
        LogCredentialsExpired(_logger, _operations.Count);
        await CloseAsync(CloseCodes.Forbidden, CredentialsExpired).ConfigureAwait(false);
    }

    private async Task CloseWhenIdleAsync(TimeSpan idleTimeout, CancellationToken closing)
    {
        try
        {
            while (true)
            {
                TimeSpan left;
                lock (_activity)
                {
                    // While an operation runs, look again a whole timeout later; once none does, when it will be up.
                    left = _running > 0 ? idleTimeout : idleTimeout - _time.GetElapsedTime(_idleSince);
                }
                if (left <= TimeSpan.Zero)
                {
                    break;
                }
                await Task.Delay(left, _time, closing).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }
        await CloseAsync(CloseCodes.Idle, "Idle").ConfigureAwait(false);
    }

    private async Task<bool> ViolationAsync(WebSocketCloseStatus code, string reason)
    {
        await CloseAsync(code, reason).ConfigureAwait(false);
        return false;
    }

    // The first close wins. Every operation is cancelled at once, then the close frame is sent.
    private async Task CloseAsync(WebSocketCloseStatus code, string reason)
    {
        if (Interlocked.Exchange(ref _closeStarted, 1) == 1)
        {
            return;
        }
        foreach (var operation in _operations.Values)
        {
            await operation.CancelAsync().ConfigureAwait(false);
        }

        // A send stuck behind a client that stopped reading holds the lock: past the grace, abort the socket instead.
        if (await _sendLock.WaitAsync(s_closeGrace, CancellationToken.None).ConfigureAwait(false))
        {
            try
            {
                if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    using var grace = new CancellationTokenSource(s_closeGrace);
                    await _socket.CloseOutputAsync(code, reason, grace.Token).ConfigureAwait(false);
                }
            }
            catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or OperationCanceledException)
            {
                // Already gone, or the client does not read.
            }
            finally
            {
                _sendLock.Release();
            }
        }
        // Not at once: cancelling a pending receive aborts the socket, and the close frame with it.
        _closing.CancelAfter(s_closeGrace);
    }

    private async Task SendErrorsAsync(string id, ExecutionResult result)
    {
        // graphql-transport-ws's error message carries the errors array alone.
        using var document = JsonDocument.Parse(_serializer.Serialize(result));
        var errors = document.RootElement.TryGetProperty("errors", out var list) ? list.GetRawText() : "[]";
        await SendRawAsync("error", id, errors).ConfigureAwait(false);
    }

    private Task SendAsync(string type, string? id, ExecutionResult? payload) =>
        SendRawAsync(type, id, payload is null ? null : _serializer.Serialize(payload));

    private async Task SendRawAsync(string type, string? id, string? payload)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (id is not null)
            {
                json.WriteString("id", id);
            }
            json.WriteString("type", type);
            if (payload is not null)
            {
                json.WritePropertyName("payload");
                json.WriteRawValue(payload, skipInputValidation: true);
            }
            json.WriteEndObject();
        }

        await SendMessageAsync(buffer.WrittenMemory).ConfigureAwait(false);
    }

    // The start of an operation's "next" messages, written once for all its events.
    private static byte[] NextPrefix(string id) =>
        Encoding.UTF8.GetBytes($"{{\"id\":{JsonSerializer.Serialize(id)},\"type\":\"next\",\"payload\":");

    // A "next" whose payload is an answer already written, as one frame: one write through the server to the socket.
    private async Task SendNextAsync(byte[] prefix, ReadOnlyMemory<byte> payload)
    {
        var length = prefix.Length + payload.Length + 1;
        var message = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            prefix.CopyTo(message, 0);
            payload.Span.CopyTo(message.AsSpan(prefix.Length));
            message[length - 1] = (byte)'}';
            await SendMessageAsync(message.AsMemory(0, length)).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(message);
        }
    }

    // One text message, sent while no other may interleave; nothing once the socket is closing.
    private async Task SendMessageAsync(ReadOnlyMemory<byte> message)
    {
        await _sendLock.WaitAsync(_closing.Token).ConfigureAwait(false);
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, _closing.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task<(WebSocketMessageType Type, bool TooLarge)> ReceiveAsync(ArrayBufferWriter<byte> buffer, CancellationToken cancellation)
    {
        while (true)
        {
            // Never more than one byte past the limit, and the last piece of a message is measured too.
            var memory = buffer.GetMemory(4096);
            memory = memory[..Math.Min(memory.Length, Settings.MaxMessageSize + 1 - buffer.WrittenCount)];
            var result = await _socket.ReceiveAsync(memory, cancellation).ConfigureAwait(false);
            buffer.Advance(result.Count);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (result.MessageType, false);
            }
            if (buffer.WrittenCount > Settings.MaxMessageSize)
            {
                return (result.MessageType, true);
            }
            if (result.EndOfMessage)
            {
                return (result.MessageType, false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // A client that leaves leaves nothing running: every operation and timer is cancelled and awaited.
            await _closing.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(_operations.Values.Select(o => o.Running ?? Task.CompletedTask)).ConfigureAwait(false);
            await Task.WhenAll(_background).ConfigureAwait(false);
        }
        finally
        {
            if (_identity is { } identity)
            {
                _identities.RemoveConnection(identity);
            }
            _closing.Dispose();
            _sendLock.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "GraphQL WebSocket operation {OperationId} failed")]
    private static partial void LogOperationFailed(ILogger logger, Exception exception, string operationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The event stream of GraphQL WebSocket operation {OperationId} failed: {Errors}")]
    private static partial void LogStreamFailed(ILogger logger, string operationId, string errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GraphQL WebSocket operation {OperationId} fell {MaxPendingEvents} events behind; closing its socket")]
    private static partial void LogSubscriberTooSlow(ILogger logger, string operationId, int maxPendingEvents);

    [LoggerMessage(Level = LogLevel.Information, Message = "GraphQL WebSocket connection refused: {Identity} already has {MaxConnections} connections")]
    private static partial void LogTooManyConnections(ILogger logger, string identity, int maxConnections);

    [LoggerMessage(Level = LogLevel.Information, Message = "GraphQL WebSocket credentials expired; closing the socket and {Operations} operations")]
    private static partial void LogCredentialsExpired(ILogger logger, int operations);

    private sealed class Operation(CancellationTokenSource cancellation)
    {
        // Set once, by the first event that found the queue full.
        public int Overflowed;

        public CancellationTokenSource Cancellation { get; } = cancellation;

        public Task? Running { get; set; }

        public async Task CancelAsync()
        {
            try
            {
                await Cancellation.CancelAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // It finished meanwhile.
            }
        }
    }

    // Queues source events for the subscription's loop; a full queue is reported, never silently dropped.
    private sealed class EventQueue(ChannelWriter<ExecutionResult> writer, Action full) : IObserver<ExecutionResult>
    {
        public void OnNext(ExecutionResult value)
        {
            if (!writer.TryWrite(value))
            {
                full();
            }
        }

        // Ends the loop after the events already queued, as the source ordered them.
        public void OnError(Exception error) =>
            writer.TryComplete(new EventStreamFailedException(error as ExecutionError ?? new ExecutionError(error.Message, error)));

        public void OnCompleted() => writer.TryComplete();
    }

    private sealed class EventStreamFailedException(ExecutionError error) : Exception(error.Message)
    {
        public ExecutionError Error { get; } = error;
    }

    private readonly record struct Message(string Type, string? Id, JsonElement? Payload)
    {
        // Throws JsonException for anything that is not an object with a string type.
        public static Message Parse(ReadOnlyMemory<byte> utf8)
        {
            using var document = JsonDocument.Parse(utf8);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                throw new JsonException("Not a graphql-transport-ws message.");
            }
            var id = root.TryGetProperty("id", out var idElement) ? idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : throw new JsonException("id must be a string.") : null;
            JsonElement? payload = root.TryGetProperty("payload", out var payloadElement) ? payloadElement.Clone() : null;
            return new Message(type.GetString()!, id, payload);
        }
    }
}

/// <summary>The close codes of graphql-transport-ws.</summary>
internal static class CloseCodes
{
    public const WebSocketCloseStatus InternalServerError = (WebSocketCloseStatus)4500;
    public const WebSocketCloseStatus BadRequest = (WebSocketCloseStatus)4400;
    public const WebSocketCloseStatus Unauthorized = (WebSocketCloseStatus)4401;
    public const WebSocketCloseStatus Forbidden = (WebSocketCloseStatus)4403;
    public const WebSocketCloseStatus SubprotocolNotAcceptable = (WebSocketCloseStatus)4406;
    public const WebSocketCloseStatus ConnectionInitialisationTimeout = (WebSocketCloseStatus)4408;
    public const WebSocketCloseStatus SubscriberAlreadyExists = (WebSocketCloseStatus)4409;
    public const WebSocketCloseStatus TooManyInitialisationRequests = (WebSocketCloseStatus)4429;

    // Beyond the protocol's own: see GraphQLWebSocketOptions for why each.
    public const WebSocketCloseStatus Idle = WebSocketCloseStatus.NormalClosure;
    public const WebSocketCloseStatus SubscriberTooSlow = WebSocketCloseStatus.PolicyViolation;
    public const WebSocketCloseStatus TryAgainLater = (WebSocketCloseStatus)1013;
}
