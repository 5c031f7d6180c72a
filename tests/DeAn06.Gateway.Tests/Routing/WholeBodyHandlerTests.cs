using System.Net;
using System.Text;
using DeAn06.Gateway.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Transforms;

namespace DeAn06.Gateway.Tests.Routing;

/// <summary>A body already held whole goes upstream as one content (one write with the headers), byte for byte and header for header.</summary>
public sealed class WholeBodyHandlerTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"SoDinhDanh":"001085866844"}""");

    [Fact]
    public async Task SendAsync_BodyHeldWhole_SentAsOneContentWithTheSameBytesAndHeaders()
    {
        using var request = Streamed();
        request.Options.Set(WholeBodyHandler.Body, new ArraySegment<byte>(Body));
        var upstream = new Capture();
        using var client = new HttpMessageInvoker(new WholeBodyHandler(new HttpMessageInvoker(upstream)));

        using HttpResponseMessage response = await client.SendAsync(request, CancellationToken.None);

        Assert.IsType<ByteArrayContent>(upstream.Content);
        Assert.Equal(Body, upstream.Bytes);
        Assert.Equal("application/json; charset=utf-8", upstream.Content!.Headers.ContentType!.ToString());
        Assert.Equal(Body.Length, upstream.Content.Headers.ContentLength);
        Assert.Equal(["kept"], upstream.Content.Headers.GetValues("Content-Language"));
    }

    [Fact]
    public async Task SendAsync_NoBodyHeld_ContentAsYarpMadeIt()
    {
        using var request = Streamed();
        HttpContent streamed = request.Content!;
        var upstream = new Capture();
        using var client = new HttpMessageInvoker(new WholeBodyHandler(new HttpMessageInvoker(upstream)));

        using HttpResponseMessage response = await client.SendAsync(request, CancellationToken.None);

        Assert.Same(streamed, upstream.Content);
    }

    [Fact]
    public async Task HeldBody_UnreadExposedStream_Marked()
    {
        (RequestTransformContext context, HttpRequestMessage upstream) = Context(new MemoryStream(Body, 0, Body.Length, writable: false, publiclyVisible: true));
        await WholeBodyTransform.HeldBody.Instance.ApplyAsync(context);
        Assert.True(upstream.Options.TryGetValue(WholeBodyHandler.Body, out ArraySegment<byte> marked));
        Assert.Equal(Body, marked.ToArray());
    }

    [Fact]
    public async Task HeldBody_PartlyReadOrHiddenOrNotInMemory_NotMarked()
    {
        var partlyRead = new MemoryStream(Body, 0, Body.Length, writable: false, publiclyVisible: true);
        partlyRead.ReadByte();
        foreach (Stream body in (Stream[])[partlyRead, new MemoryStream(Body, writable: false), new BufferedStream(new MemoryStream(Body))])
        {
            (RequestTransformContext context, HttpRequestMessage upstream) = Context(body);
            await WholeBodyTransform.HeldBody.Instance.ApplyAsync(context);
            Assert.False(upstream.Options.TryGetValue(WholeBodyHandler.Body, out _));
        }
    }

    [Fact]
    public void Decorate_ConfiguredFactory_ItsClientsWrappedAndReused()
    {
        var configured = new CountingFactory();
        var services = new ServiceCollection();
        services.AddSingleton<IForwarderHttpClientFactory>(_ => new CountingFactory());
        services.AddSingleton<IForwarderHttpClientFactory>(_ => configured); // registered last: the one YARP resolves
        WholeBodyClientFactory.Decorate(services);
        using ServiceProvider provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IForwarderHttpClientFactory>();

        HttpMessageInvoker first = factory.CreateClient(new ForwarderHttpClientContext { ClusterId = "verification", NewConfig = HttpClientConfig.Empty, NewMetadata = null, OldConfig = HttpClientConfig.Empty, OldMetadata = null, OldClient = null });
        HttpMessageInvoker again = factory.CreateClient(new ForwarderHttpClientContext { ClusterId = "verification", NewConfig = HttpClientConfig.Empty, NewMetadata = null, OldConfig = HttpClientConfig.Empty, OldMetadata = null, OldClient = first });

        Assert.Equal(1, configured.Created);
        Assert.NotSame(configured.Last, first);
        Assert.Same(first, again);
    }

    private static HttpRequestMessage Streamed()
    {
        var content = new NeverSent();
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=utf-8");
        content.Headers.TryAddWithoutValidation("Content-Length", Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        content.Headers.TryAddWithoutValidation("Content-Language", "kept");
        return new HttpRequestMessage(HttpMethod.Post, "http://upstream/api/v1/verify") { Content = content };
    }

    private static (RequestTransformContext, HttpRequestMessage) Context(Stream body)
    {
        var http = new DefaultHttpContext();
        http.Request.Body = body;
        var upstream = new HttpRequestMessage(HttpMethod.Post, "http://upstream/") { Content = new NeverSent() };
        return (new RequestTransformContext
        {
            HttpContext = http, ProxyRequest = upstream, HeadersCopied = true, Path = "/", Query = new QueryTransformContext(http.Request), DestinationPrefix = "http://upstream/",
        }, upstream);
    }

    /// <summary>Stands for YARP's streamed content: sending it would be the two-write path.</summary>
    private sealed class NeverSent : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => throw new InvalidOperationException("The streamed content was sent.");

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }

    private sealed class Capture : HttpMessageHandler
    {
        public HttpContent? Content { get; private set; }

        public byte[]? Bytes { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Content = request.Content;
            Bytes = Content is ByteArrayContent ? await Content.ReadAsByteArrayAsync(cancellationToken) : null;
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }

    private sealed class CountingFactory : IForwarderHttpClientFactory
    {
        public int Created { get; private set; }

        public HttpMessageInvoker? Last { get; private set; }

        public HttpMessageInvoker CreateClient(ForwarderHttpClientContext context)
        {
            if (context.OldClient is not null)
            {
                return context.OldClient; // unchanged settings, as YARP's own factory does
            }

            Created++;
            Last = new HttpMessageInvoker(new Capture());
            return Last;
        }
    }
}
