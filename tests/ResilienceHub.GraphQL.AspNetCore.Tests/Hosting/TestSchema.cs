using GraphQL;
using GraphQL.Types;

namespace ResilienceHub.GraphQL.AspNetCore.Tests.Hosting;

/// <summary>
/// A tiny schema with one field for each behaviour the transport must show. Its authorization metadata only
/// matters on endpoints that run the authorization rule: the schema needs a signed-in user, except for
/// <c>hello</c> (anonymous allowed); <c>secret</c> and <c>echo(loud:)</c> need AGENT, <c>Profile</c> needs
/// FRIEND and <c>Profile.badge</c> the HasBadge policy; <c>launch</c> needs COMMANDER.
/// </summary>
public sealed class TestSchema : Schema
{
    public const string BadgePolicy = "HasBadge";

    public TestSchema(IServiceProvider services) : base(services)
    {
        Query = new TestQuery();
        Mutation = new TestMutation();
        Subscription = new TestSubscription();
        this.Authorize();
    }
}

public sealed class ProfileType : ObjectGraphType
{
    public ProfileType()
    {
        Name = "Profile";
        this.AuthorizeWithRoles("FRIEND");
        Field<StringGraphType>("name").Resolve(_ => "Alice");
        Field<StringGraphType>("badge").AuthorizeWithPolicy(TestSchema.BadgePolicy).Resolve(_ => "007");
    }
}

public sealed class TestQuery : ObjectGraphType
{
    public const string SecretMessage = "SELECT password FROM secret_table";

    public TestQuery()
    {
        Name = "Query";
        Field<StringGraphType>("hello")
            .AllowAnonymous()
            .Argument<StringGraphType>("name")
            .Resolve(context => $"Hello, {context.GetArgument("name", "world")}!");
        Field<StringGraphType>("greeting")
            .Resolve(context => context.UserContext.TryGetValue("greeting", out var greeting) ? greeting as string : null);
        Field<StringGraphType>("userName")
            .Resolve(context => context.User?.Identity?.Name);
        Field<BooleanGraphType>("hasRequestServices")
            .Resolve(context => context.RequestServices is not null);
        Field<BooleanGraphType>("canBeCancelled")
            .Resolve(context => context.CancellationToken.CanBeCanceled);
        Field<StringGraphType>("failure")
            .Resolve(_ => throw new InvalidOperationException(SecretMessage));
        Field<StringGraphType>("secret").AuthorizeWithRoles("AGENT").Resolve(_ => "The eagle has landed.");
        Field<StringGraphType>("echo")
            .Argument<NonNullGraphType<StringGraphType>>("text")
            .Argument<BooleanGraphType>("loud", argument => argument.AuthorizeWithRoles("AGENT"))
            .Resolve(context => context.GetArgument("loud", false) ? context.GetArgument<string>("text").ToUpperInvariant() : context.GetArgument<string>("text"));
        Field<ProfileType>("profile").Resolve(_ => new object());
        Field<StringGraphType>("slow").ResolveAsync(async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.CancellationToken);
            return "finally";
        });
        // A short name, so that a document selecting it many thousand times still fits the body limit.
        Field<BooleanGraphType>("ok").Resolve(_ => true);
        Field<StringGraphType>("notFound")
            .Resolve(_ => throw new ExecutionError("No such thing.") { Code = "NOT_FOUND" });
    }
}

public sealed class TestMutation : ObjectGraphType
{
    private static int s_counter;
    private static int s_launches;

    public TestMutation()
    {
        Name = "Mutation";
        Field<IntGraphType>("increment").Resolve(_ => Interlocked.Increment(ref s_counter));
        Field<IntGraphType>("launch").AuthorizeWithRoles("COMMANDER").Resolve(_ => Interlocked.Increment(ref s_launches));
    }

    public static int Counter => Volatile.Read(ref s_counter);

    public static int Launches => Volatile.Read(ref s_launches);
}

public sealed class TestSubscription : ObjectGraphType
{
    public TestSubscription()
    {
        Name = "Subscription";
        Field<StringGraphType>("ticks").ResolveStream(_ => TestTicks.Stream);
        // The same events, but one whose value is "slow" takes until the subscription ends: a subscriber falling behind.
        Field<StringGraphType>("slowTicks")
            .ResolveStream(_ => TestTicks.Stream)
            .ResolveAsync(async context =>
            {
                if (context.Source is "slow")
                {
                    await Task.Delay(Timeout.Infinite, context.CancellationToken);
                }
                return context.Source as string;
            });
    }
}

/// <summary>A source of events the tests publish to by hand, counting who listens.</summary>
public static class TestTicks
{
    private static readonly List<IObserver<object?>> s_observers = [];

    public static int Subscribers
    {
        get
        {
            lock (s_observers)
            {
                return s_observers.Count;
            }
        }
    }

    public static IObservable<object?> Stream { get; } = new TicksObservable();

    public static void Publish(string tick)
    {
        IObserver<object?>[] observers;
        lock (s_observers)
        {
            observers = [.. s_observers];
        }
        foreach (var observer in observers)
        {
            observer.OnNext(tick);
        }
    }

    /// <summary>Fails the stream of every current subscriber, as a source whose connection broke would.</summary>
    public static void Fail(string message)
    {
        IObserver<object?>[] observers;
        lock (s_observers)
        {
            observers = [.. s_observers];
        }
        foreach (var observer in observers)
        {
            observer.OnError(new InvalidOperationException(message));
        }
    }

    private sealed class TicksObservable : IObservable<object?>
    {
        public IDisposable Subscribe(IObserver<object?> observer)
        {
            lock (s_observers)
            {
                s_observers.Add(observer);
            }
            return new Unsubscribe(observer);
        }
    }

    private sealed class Unsubscribe(IObserver<object?> observer) : IDisposable
    {
        public void Dispose()
        {
            lock (s_observers)
            {
                s_observers.Remove(observer);
            }
        }
    }
}

/// <summary>
/// The tests that read <see cref="TestMutation.Counter"/> to prove a mutation did not run, and those that run
/// one, take turns: the counter is shared by the whole test server.
/// </summary>
[CollectionDefinition(nameof(MutationCounter), DisableParallelization = true)]
public sealed class MutationCounter;
