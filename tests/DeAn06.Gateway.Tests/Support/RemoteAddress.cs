using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace DeAn06.Gateway.Tests.Support;

/// <summary>
/// The in-memory test server has no remote address; with this, a request's <see cref="Header"/> becomes
/// its remote address, so tests can play callers on different machines.
/// </summary>
public static class RemoteAddress
{
    public const string Header = "X-Test-Remote-Address";

    public static WebApplicationFactory<Program> WithRemoteAddresses(this WebApplicationFactory<Program> gateway) =>
        gateway.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter>(new Filter())));

    public static HttpClient CreateClientFrom(this WebApplicationFactory<Program> gateway, string address)
    {
        HttpClient client = gateway.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(Header, address);
        return client;
    }

    private sealed class Filter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, inner) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[Header].ToString(), out IPAddress? address))
                {
                    context.Connection.RemoteIpAddress = address;
                }

                return inner(context);
            });
            next(app);
        };
    }
}
