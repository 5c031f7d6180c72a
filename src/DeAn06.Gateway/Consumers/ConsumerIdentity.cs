using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace DeAn06.Gateway.Consumers;

/// <summary>
/// Resolves a client id against the current registry (reloaded at run time: a consumer added or
/// granted a service counts from its next request) and hands out one cached, immutable
/// <see cref="IConsumerFeature"/> per registry entry, so identifying a request allocates nothing.
/// </summary>
internal sealed class ConsumerIdentity(IOptionsMonitor<ConsumerRegistry> registry)
{
    // Keyed by registered ids only (looked up in the registry first), so it cannot grow past it.
    private readonly ConcurrentDictionary<string, ConsumerFeature> _features = new(StringComparer.Ordinal);

    /// <summary>The registered consumer <paramref name="consumerId"/>, or null when the registry has no such client.</summary>
    public IConsumerFeature? Find(string consumerId)
    {
        if (registry.CurrentValue.Find(consumerId) is not { } consumer)
        {
            return null;
        }

        if (_features.TryGetValue(consumerId, out ConsumerFeature? known) && ReferenceEquals(known.Consumer, consumer))
        {
            return known;
        }

        var feature = new ConsumerFeature(consumerId, consumer); // new or changed registry entry
        _features[consumerId] = feature;
        return feature;
    }
}

/// <summary>Reading and setting the request's <see cref="IConsumerFeature"/>.</summary>
internal static class ConsumerFeatureExtensions
{
    /// <summary>The authenticated consumer, or null (not authenticated, or a route that does not authenticate).</summary>
    public static IConsumerFeature? Consumer(this HttpContext context) => context.Features.Get<IConsumerFeature>();

    /// <summary>
    /// Sets the request's consumer, once: false (and nothing changes) when one is set already. The first
    /// authentication wins, as a bearer header has always won over the operators' cookie.
    /// </summary>
    public static bool TrySetConsumer(this HttpContext context, IConsumerFeature consumer)
    {
        if (context.Features.Get<IConsumerFeature>() is not null)
        {
            return false;
        }

        context.Features.Set(consumer);
        return true;
    }
}
