using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace DeAn06.Gateway.Tests.Support;

/// <summary>
/// Runs a test gateway on real Kestrel (port picked by the OS), because path normalisation (dot
/// segments, percent-decoding) and body framing are Kestrel's work, which TestServer skips.
/// </summary>
public static class KestrelGateway
{
    public static Uri Start(WebApplicationFactory<Program> gateway, HttpProtocols protocols = HttpProtocols.Http1AndHttp2)
    {
        gateway.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0, l => l.Protocols = protocols));
        gateway.StartServer();
        string address = gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address);
    }
}
