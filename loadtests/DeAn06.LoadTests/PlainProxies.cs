using System.Diagnostics;
using DeAn06.Cli.Stack;

namespace DeAn06.LoadTests;

/// <summary>
/// The plain proxies compared on the same upstream: nginx (Debian package, one worker, keep-alive to
/// the upstream), YARP with nothing added (loadtests/DeAn06.BareProxy: what any YARP-based gateway
/// costs before its own features) and a second gateway with its security features off (no CMS
/// signatures; the token check, access rights, rate limit and message log stay, as they cannot be
/// switched off).
/// </summary>
internal sealed class PlainProxies : IAsyncDisposable
{
    private readonly List<Process> _processes = [];
    private readonly Queue<string> _lastLines = new();

    public Uri Nginx { get; private set; } = null!;

    public Uri Gateway { get; private set; } = null!;

    /// <summary>The gateway with its signatures off (token, access, rate limit and message log on).</summary>
    public int GatewayProcessId { get; private set; }

    public Uri Yarp { get; private set; } = null!;

    /// <summary>The bare YARP proxy's process, whose CPU time per request is the gateway's reference.</summary>
    public int YarpProcessId { get; private set; }

    public static async Task<PlainProxies> StartAsync(StackInfo stack, RepoLayout repo, string work, int nginxPort, int gatewayPort, int yarpPort, string clientSecret)
    {
        var proxies = new PlainProxies();
        string prefix = Path.Combine(work, "nginx");
        Directory.CreateDirectory(Path.Combine(prefix, "logs"));
        string conf = Path.Combine(prefix, "nginx.conf");
        await File.WriteAllTextAsync(conf, $$"""
            worker_processes 1;
            daemon off;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/logs/error.log warn;
            events { worker_connections 1024; }
            http {
              access_log off;
              client_body_temp_path {{prefix}}/body; proxy_temp_path {{prefix}}/proxy;
              fastcgi_temp_path {{prefix}}/fastcgi; uwsgi_temp_path {{prefix}}/uwsgi; scgi_temp_path {{prefix}}/scgi;
              upstream verification { server {{stack.Verification.Host}}:{{stack.Verification.Port}}; keepalive 64; }
              server {
                listen 127.0.0.1:{{nginxPort}};
                location / { proxy_pass http://verification; proxy_http_version 1.1; proxy_set_header Connection ""; }
              }
            }
            """);
        proxies.Start("/usr/sbin/nginx", ["-p", prefix, "-c", conf]);
        proxies.Nginx = new Uri($"http://127.0.0.1:{nginxPort}/");

        string plain = Path.Combine(work, "plain-gateway");
        proxies.GatewayProcessId = proxies.Start("dotnet", ["exec", repo.Service("src", "DeAn06.Gateway"), "--urls", $"http://127.0.0.1:{gatewayPort}",
            $"--Tokens:KeysPath={plain}/keys", $"--MessageLog:SqlitePath={plain}/log.db",
            $"--ReverseProxy:Clusters:verification:Destinations:primary:Address={stack.Verification}",
            $"--ReverseProxy:Clusters:population-db:Destinations:primary:Address={stack.PopulationDb}",
            // The same hop to the verification service as the stack's gateway (its Unix socket where the stack has one).
            $"--ReverseProxy:Clusters:verification:Destinations:primary:Metadata:UnixSocket={VerificationSocket(stack)}",
            "--Consumers:Clients:BHXH:Sector=BHXH", "--Consumers:Clients:BHXH:Services:0=verify",
            "--Consumers:Clients:BHXH:RatePerSecond=100000", "--Consumers:Clients:BHXH:Burst=100000", "--Logging:LogLevel:Default=Warning"],
            Path.GetDirectoryName(repo.Service("src", "DeAn06.Gateway")),
            new Dictionary<string, string>
            {
                // Secrets through the environment, never the command line (see LocalStack).
                [ConfigurationEnvironment.Name("Gateway:UpstreamSecret")] = stack.UpstreamSecret!,
                [ConfigurationEnvironment.Name("Consumers:Clients:BHXH:SecretHash")] = LocalStack.HashSecret(clientSecret),
            });
        proxies.Gateway = new Uri($"http://127.0.0.1:{gatewayPort}/");
        proxies.YarpProcessId = proxies.Start("dotnet", ["exec", repo.Service("loadtests", "DeAn06.BareProxy"), "--urls", $"http://127.0.0.1:{yarpPort}", $"--Upstream={stack.Verification}"]);
        proxies.Yarp = new Uri($"http://127.0.0.1:{yarpPort}/");
        await proxies.WaitAsync(new Uri(proxies.Gateway, "health/ready"));
        await proxies.WaitAsync(new Uri(proxies.Yarp, "health/ready"));
        await proxies.WaitAsync(new Uri(proxies.Nginx, "health/ready"));
        return proxies;
    }

    /// <summary>The one-machine stack's verification socket, or empty (TCP) where it has none.</summary>
    private static string VerificationSocket(StackInfo stack) =>
        Path.Combine(Path.GetDirectoryName(stack.MessageLogPath)!, "verification.sock") is var socket && File.Exists(socket) ? socket : "";

    public async ValueTask DisposeAsync()
    {
        foreach (Process p in _processes)
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
                await p.WaitForExitAsync();
            }

            p.Dispose();
        }
    }

    private int Start(string file, string[] arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file, arguments) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        Process p = Process.Start(start)!;
        p.OutputDataReceived += (_, e) => Keep(e.Data);
        p.ErrorDataReceived += (_, e) => Keep(e.Data);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        _processes.Add(p);
        return p.Id;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > 20)
            {
                _lastLines.Dequeue();
            }
        }
    }

    private async Task WaitAsync(Uri ready)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                using HttpResponseMessage r = await http.GetAsync(ready);
                if (r.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        lock (_lastLines)
        {
            throw new InvalidOperationException($"{ready} did not answer within 60 s: {string.Join(Environment.NewLine, _lastLines)}");
        }
    }
}
