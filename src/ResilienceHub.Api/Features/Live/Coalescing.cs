namespace ResilienceHub.Api.Features.Live;

public static class Coalescing
{
    /// <summary>
    /// At most one item per <paramref name="interval"/>: the first item of a burst starts the
    /// interval and its last item is passed on when the interval ends.
    /// </summary>
    public static IObservable<T> Coalesce<T>(this IObservable<T> source, TimeSpan interval, TimeProvider time) =>
        new Coalesced<T>(source, interval, time);

    private sealed class Coalesced<T>(IObservable<T> source, TimeSpan interval, TimeProvider time) : IObservable<T>
    {
        public IDisposable Subscribe(IObserver<T> observer)
        {
            var coalescer = new Coalescer<T>(observer, interval, time);
            coalescer.Source = source.Subscribe(coalescer);
            return coalescer;
        }
    }

    private sealed class Coalescer<T>(IObserver<T> observer, TimeSpan interval, TimeProvider time) : IObserver<T>, IDisposable
    {
        private readonly Lock _lock = new();
        private ITimer? _timer;
        private T? _latest;
        private bool _disposed;

        public IDisposable? Source { get; set; }

        public void OnNext(T value)
        {
            lock (_lock)
            {
                _latest = value;
                if (_timer is null && !_disposed)
                {
                    _timer = time.CreateTimer(_ => Flush(), null, interval, Timeout.InfiniteTimeSpan);
                }
            }
        }

        public void OnError(Exception error) => observer.OnError(error);

        public void OnCompleted() => observer.OnCompleted();

        private void Flush()
        {
            T? latest;
            lock (_lock)
            {
                if (_disposed)
                {
                    return;
                }
                latest = _latest;
                _timer?.Dispose();
                _timer = null;
            }

            observer.OnNext(latest!);
        }

        public void Dispose()
        {
            lock (_lock)
            {
                _disposed = true;
                _timer?.Dispose();
                _timer = null;
            }

            Source?.Dispose();
        }
    }
}
