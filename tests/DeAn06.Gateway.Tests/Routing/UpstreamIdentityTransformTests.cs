using DeAn06.Gateway.Consumers;
using DeAn06.Gateway.Routing;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Transforms;

namespace DeAn06.Gateway.Tests.Routing;

/// <summary>The identity the upstream sees is the gateway's alone, whatever a client sends and however it spells it.</summary>
public sealed class UpstreamIdentityTransformTests
{
    private const string Secret = "transform-test-gateway-secret";

    public static TheoryData<string> Spellings() => new()
    {
        "X-DeAn06-Consumer", "x-dean06-consumer", "X-DEAN06-CONSUMER", "x-DeAn06-cOnSuMeR", "X-DeAn06-Client", "x-dean06-client",
        "X-DeAn06-Province", "X-DEAN06-PROVINCE", "X-DeAn06-Gateway-Secret", "x-dean06-gateway-secret", "X-DeAn06-Signature",
        "x-dean06-anything-else",
    };

    [Theory]
    [MemberData(nameof(Spellings))]
    public async Task TrustedRoute_ClientSentIdentityHeader_ReplacedByTheConsumers(string name)
    {
        HttpRequestMessage upstream = await ForwardAsync(Secret, name, new Consumer { Sector = "BHXH", Province = "06", Services = ["verify"] });
        Assert.Equal(["BHXH"], upstream.Headers.GetValues(UpstreamHeaders.Sector));
        Assert.Equal(["BHXH-CLIENT"], upstream.Headers.GetValues(UpstreamHeaders.ConsumerId));
        Assert.Equal(["06"], upstream.Headers.GetValues(UpstreamHeaders.Province));
        Assert.Equal([Secret], upstream.Headers.GetValues(UpstreamHeaders.GatewaySecret));
        Assert.DoesNotContain(upstream.Headers, h => h.Value.Contains("forged"));
        Assert.False(upstream.Headers.Contains("X-DeAn06-Signature"));
        Assert.False(upstream.Headers.Contains("x-dean06-anything-else"));
        Assert.Null(upstream.Headers.Authorization);
        Assert.Equal(["kept"], upstream.Headers.GetValues("X-Other"));
    }

    [Theory]
    [MemberData(nameof(Spellings))]
    public async Task UntrustedRoute_ClientSentIdentityHeader_Dropped_NoneAdded(string name)
    {
        HttpRequestMessage upstream = await ForwardAsync(null, name, new Consumer { Sector = "BHXH", Province = "06", Services = ["population-db"] });
        Assert.DoesNotContain(upstream.Headers, h => h.Key.StartsWith("X-DeAn06-", StringComparison.OrdinalIgnoreCase));
        Assert.Null(upstream.Headers.Authorization);
    }

    [Fact]
    public async Task ConsumerWithoutProvince_NoProvinceHeader_SectorDefaultsToClientId()
    {
        HttpRequestMessage upstream = await ForwardAsync(Secret, "X-DeAn06-Province", new Consumer { Services = ["verify"] });
        Assert.False(upstream.Headers.Contains(UpstreamHeaders.Province));
        Assert.Equal(["BHXH-CLIENT"], upstream.Headers.GetValues(UpstreamHeaders.Sector));
    }

    /// <summary>What YARP does: copy the client's headers to the upstream request, then run the transform.</summary>
    private static async Task<HttpRequestMessage> ForwardAsync(string? secret, string forgedHeader, Consumer consumer)
    {
        var http = new DefaultHttpContext();
        http.Request.Headers[forgedHeader] = "forged";
        http.Request.Headers["X-Other"] = "kept";
        http.Request.Headers.Authorization = "Bearer the-clients-token";
        Assert.True(http.TrySetConsumer(new ConsumerFeature("BHXH-CLIENT", consumer)));
        var upstream = new HttpRequestMessage(HttpMethod.Get, "http://upstream/");
        foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> header in http.Request.Headers)
        {
            Assert.True(upstream.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string?>)header.Value));
        }

        var context = new RequestTransformContext
        {
            HttpContext = http, ProxyRequest = upstream, HeadersCopied = true, Path = "/", Query = new QueryTransformContext(http.Request), DestinationPrefix = "http://upstream/",
        };
        await new UpstreamIdentityTransform.IdentityHeaders(secret).ApplyAsync(context);
        return upstream;
    }
}
