using DeAn06.Gateway.Consumers;
using DeAn06.Gateway.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace DeAn06.Gateway.Tests.Consumers;

public sealed class ConsumerFeatureTests
{
    [Fact]
    public void TrySetConsumer_SecondTime_RefusedAndTheFirstStays()
    {
        var http = new DefaultHttpContext();
        var first = new ConsumerFeature("OPS", new Consumer { Services = ["statistics"] });
        Assert.True(http.TrySetConsumer(first));
        Assert.False(http.TrySetConsumer(new ConsumerFeature("BHXH", new Consumer { Services = ["verify"] })));
        Assert.Same(first, http.Consumer());
        Assert.Same(first, http.Features.Get<IConsumerFeature>());
    }

    [Fact]
    public void ConsumerIdentity_OneFeaturePerRegistryEntry_NewOneWhenTheEntryChanges()
    {
        var registry = new ConsumerRegistry { Clients = { ["BHXH"] = new Consumer { Sector = "BHXH-S", Services = ["verify"] } } };
        var monitor = new Monitor(registry);
        var identity = new ConsumerIdentity(monitor);
        IConsumerFeature feature = identity.Find("BHXH")!;
        Assert.Equal(("BHXH", "BHXH-S"), (feature.ConsumerId, feature.Sector));
        Assert.Same(feature, identity.Find("BHXH"));
        Assert.Null(identity.Find("NOBODY"));

        monitor.CurrentValue = new ConsumerRegistry { Clients = { ["BHXH"] = new Consumer { Services = ["verify", "batch"] } } };
        IConsumerFeature changed = identity.Find("BHXH")!;
        Assert.NotSame(feature, changed);
        Assert.Equal("BHXH", changed.Sector); // no sector: the client id
        Assert.Contains("batch", changed.Consumer.Services);
    }

    private sealed class Monitor(ConsumerRegistry value) : IOptionsMonitor<ConsumerRegistry>
    {
        public ConsumerRegistry CurrentValue { get; set; } = value;

        public ConsumerRegistry Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<ConsumerRegistry, string?> listener) => null;
    }
}
