namespace ResilienceHub.Api.Features.Live;

public static class Projection
{
    /// <summary>Each item of <paramref name="source"/> as <paramref name="map"/> makes it.</summary>
    public static IObservable<TResult> Select<T, TResult>(this IObservable<T> source, Func<T, TResult> map) =>
        new Projected<T, TResult>(source, map);

    private sealed class Projected<T, TResult>(IObservable<T> source, Func<T, TResult> map) : IObservable<TResult>
    {
        public IDisposable Subscribe(IObserver<TResult> observer) => source.Subscribe(new Mapping(observer, map));

        private sealed class Mapping(IObserver<TResult> observer, Func<T, TResult> map) : IObserver<T>
        {
            public void OnNext(T value) => observer.OnNext(map(value));

            public void OnError(Exception error) => observer.OnError(error);

            public void OnCompleted() => observer.OnCompleted();
        }
    }
}
