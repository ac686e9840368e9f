namespace ResilienceHub.GraphQL.AspNetCore.Sharing;

/// <summary>
/// The data version read once for the requests that ask together (a change fans out to a thousand subscribers at
/// once): each is given the value of a read that began after it asked, so that a write acknowledged before it arrived
/// is counted. One read runs at a time; those who ask while it runs share the next, which begins when it ends.
/// </summary>
internal sealed class DataVersionReads(IAnswerSharing sharing)
{
    private readonly Lock _lock = new();
    private Task _last = Task.CompletedTask;
    private TaskCompletionSource<long>? _waiting;

    public ValueTask<long> ReadAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<long> read;
        Task? after = null;
        lock (_lock)
        {
            if (_waiting is null)
            {
                (after, _waiting) = (_last, new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
                _last = _waiting.Task;
            }

            read = _waiting;
        }

        if (after is not null)
        {
            _ = BeginAsync(after, read);
        }

        return new(read.Task.WaitAsync(cancellationToken));
    }

    private async Task BeginAsync(Task after, TaskCompletionSource<long> read)
    {
        // The read before it ends first, whatever its outcome (its error was its own requests').
        await after.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
        lock (_lock)
        {
            // Begun: whoever asks from now on waits for the next read.
            _waiting = null;
        }

        try
        {
            // Shared, so no one request's leaving stops it.
            read.SetResult(await sharing.DataVersionAsync(CancellationToken.None).ConfigureAwait(false));
        }
        catch (Exception exception)
        {
            read.SetException(exception);
        }
    }
}
