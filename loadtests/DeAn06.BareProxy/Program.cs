// A bare YARP reverse proxy: every path to one upstream (--Upstream=URL), no middleware, no
// logging, the same HttpClient setting as the gateway (no trace-header rewriting). The load runner
// runs it beside the gateway on the same upstream to show what the proxying itself costs.
string upstream = new ConfigurationBuilder().AddCommandLine(args).Build()["Upstream"]
    ?? throw new ArgumentException("usage: DeAn06.BareProxy --urls http://127.0.0.1:PORT --Upstream=http://127.0.0.1:PORT/");

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Services.AddReverseProxy()
    .LoadFromMemory(
        [new Yarp.ReverseProxy.Configuration.RouteConfig { RouteId = "all", ClusterId = "upstream", Match = new() { Path = "{**path}" } }],
        [new Yarp.ReverseProxy.Configuration.ClusterConfig { ClusterId = "upstream", Destinations = new Dictionary<string, Yarp.ReverseProxy.Configuration.DestinationConfig> { ["primary"] = new() { Address = upstream } } }])
    .ConfigureHttpClient((_, handler) => handler.ActivityHeadersPropagator = null);
WebApplication app = builder.Build();
app.MapReverseProxy();
app.Run();
