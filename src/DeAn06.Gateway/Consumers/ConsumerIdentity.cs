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
