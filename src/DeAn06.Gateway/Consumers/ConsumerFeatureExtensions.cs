namespace DeAn06.Gateway.Consumers;

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
