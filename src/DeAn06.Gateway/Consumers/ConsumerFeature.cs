namespace DeAn06.Gateway.Consumers;

/// <summary>Immutable, so one instance per registry entry serves every request of that consumer.</summary>
internal sealed class ConsumerFeature(string consumerId, Consumer consumer) : IConsumerFeature
{
    public string ConsumerId { get; } = consumerId;

    public string Sector { get; } = consumer.Sector ?? consumerId;

    public Consumer Consumer { get; } = consumer;
}
