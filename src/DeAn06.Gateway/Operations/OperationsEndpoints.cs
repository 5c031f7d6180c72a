using System.Reflection;
using System.Text.RegularExpressions;
using DeAn06.Gateway.Consumers;
using DeAn06.Gateway.MessageLog;
using DeAn06.Gateway.Metrics;
using DeAn06.ServiceDefaults;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace DeAn06.Gateway.Operations;

/// <summary>
/// The operators' view under /ops: a sign-in page, the page itself (static HTML + JS bundled in the
/// gateway, no CDN), and the JSON it polls — statistics, jobs and masked samples from the verification
/// service, the gateway's own counters and the message log's latest seals. Operators only.
/// </summary>
internal static partial class OperationsEndpoints
{
    public static void MapOperations(this WebApplication app)
    {
        app.MapGet("/ops/login", () => Asset("login.html"));
        // Origin checks instead of antiforgery tokens: the pages are static files, with no server-side
        // rendering to put a token in.
        app.MapPost("/ops/login", SignInAsync).DisableAntiforgery().AddEndpointFilter<SameOriginFilter>();
        app.MapPost("/ops/logout", (HttpContext http) =>
        {
            http.Response.Cookies.Delete(OperatorAuth.Cookie, new CookieOptions { Path = "/ops" });
            return Results.Redirect("/ops/login", permanent: false, preserveMethod: false);
        }).AddEndpointFilter<SameOriginFilter>();
        app.MapGet("/ops/", async (HttpContext http) => (await OperatorAuth.AuthenticateAsync(http)).Status switch
        {
            StatusCodes.Status200OK => Asset("index.html"),
            StatusCodes.Status403Forbidden => Results.Redirect("/ops/login?error=denied"),
            _ => Results.Redirect("/ops/login"),
        });
        app.MapGet("/ops/assets/{name}", (string name) => name is "ops.js" or "ops.css" ? Asset(name) : Results.NotFound());

        RouteGroupBuilder api = app.MapGroup("/ops/api").AddEndpointFilter<SameOriginFilter>().AddEndpointFilter(async (context, next) =>
        {
            var (clientId, status) = await OperatorAuth.AuthenticateAsync(context.HttpContext);
            if (status != StatusCodes.Status200OK)
            {
                return status == StatusCodes.Status403Forbidden
                    ? Problems.Create(status, Errors.ErrorCode.AccessDenied, "Operators only.", $"Client '{clientId}' is not granted 'statistics'; the operators' view is for the platform's operators.")
                    : Problems.Create(status, Errors.ErrorCode.TokenMissing, "Sign in first.", "Sign in at /ops/login with an operator's client credentials, or send its token as a bearer.");
            }

            return await next(context);
        });
        api.MapGet("/statistics", (HttpContext http, VerificationClient v) =>
            RelayAsync(http, v, "/api/v1/statistics" + http.Request.QueryString, "OPS", download: http.Request.Query["format"] is ["markdown" or "csv"] ? "dean06-statistics" : null));
        api.MapGet("/jobs", (HttpContext http, VerificationClient v) => RelayAsync(http, v, "/api/v1/operations/jobs" + http.Request.QueryString, "OPS", null));
        api.MapGet("/upstream", (HttpContext http, VerificationClient v) => RelayAsync(http, v, "/api/v1/operations/upstream", "OPS", null));
        api.MapGet("/samples", (HttpContext http, VerificationClient v) => RelayAsync(http, v, "/api/v1/operations/samples" + http.Request.QueryString, "OPS", null));
        api.MapGet("/jobs/{sector}/{id}/{part}", JobFileAsync);
        api.MapGet("/platform", (GatewayMetrics metrics, IOptions<MessageLogOptions> log) =>
            TypedResults.Ok(new { gateway = metrics.Snapshot(), seals = RecentSeals(log.Value.SqlitePath) }));
        // The page's own polling (/names, /stream, /session, the node table) stays out of the message
        // log: MessageLogMiddleware.IsOperatorPageTraffic names these paths; rename them there too.
        api.MapGet("/names", (HttpContext http, VerificationClient v) => RelayAsync(http, v, "/api/v1/operations/names", "OPS", null));
        api.MapGet("/stream", OperationsFeed.StreamAsync);
        api.MapPost("/session", RenewSession).DisableAntiforgery();
    }

    /// <summary>
    /// A fresh token in the cookie while the page is open (a wall display runs all day); the page
    /// calls it at half the lifetime it is told. A session that has already ended gets 401 from the
    /// group's filter, and the page says so.
    /// </summary>
    private static IResult RenewSession(HttpContext http, Tokens.TokenService tokens, IOptionsMonitor<Consumers.ConsumerRegistry> registry, TimeProvider time)
    {
        string clientId = http.Consumer()?.ConsumerId ?? "";
        if (registry.CurrentValue.Find(clientId) is not { } consumer)
        {
            return Problems.Create(StatusCodes.Status401Unauthorized, Errors.ErrorCode.TokenMissing, "Sign in first.", "The client is no longer registered.");
        }

        var (token, lifetime) = tokens.Issue(clientId, consumer);
        AppendCookie(http, token, lifetime);
        return TypedResults.Ok(new { client = clientId, expiresAt = time.GetUtcNow() + lifetime, lifetimeSeconds = (int)lifetime.TotalSeconds });
    }

    private static void AppendCookie(HttpContext http, string token, TimeSpan lifetime) =>
        http.Response.Cookies.Append(OperatorAuth.Cookie, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            Path = "/ops",
            MaxAge = lifetime,
        });

    private static Task<IResult> JobFileAsync(HttpContext http, VerificationClient verification, string sector, string id, string part) =>
        Code().IsMatch(sector) && Code().IsMatch(id) && part is "results" or "errors"
            ? RelayAsync(http, verification, $"/api/v1/jobs/{id}/{part}" + http.Request.QueryString, sector, download: $"{id}-{part}")
            : Task.FromResult<IResult>(Problems.BadRequest(Errors.ErrorCode.InvalidRequest, "Use /ops/api/jobs/{sector}/{jobId}/results|errors."));

    private static async Task<IResult> SignInAsync(HttpContext http, OperatorAuth auth)
    {
        var (form, malformed) = await Credentials.CredentialForm.ReadAsync(http.Request);
        if (form is null)
        {
            return malformed!;
        }

        string clientId = form.GetValueOrDefault("client_id").ToString();
        var (token, lifetime, refusal, retryAfter) = await auth.SignInAsync(clientId, form.GetValueOrDefault("client_secret").ToString(), http);
        if (refusal == "limited")
        {
            int seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problems.Create(StatusCodes.Status429TooManyRequests, Errors.ErrorCode.TooManyFailedSignIns, "Too many failed sign-ins.",
                $"Too many failed sign-ins for this client or from this address; check the client id and secret, then sign in again after {seconds} s.");
        }

        if (token is null)
        {
            return Results.Redirect($"/ops/login?error={refusal}");
        }

        AppendCookie(http, token, lifetime);
        return Results.Redirect("/ops/");
    }

    private static async Task<IResult> RelayAsync(HttpContext http, VerificationClient verification, string pathAndQuery, string consumer, string? download)
    {
        string clientId = http.Consumer()?.ConsumerId ?? "-";
        HttpResponseMessage response;
        try
        {
            response = await verification.GetAsync(pathAndQuery, consumer, clientId, http.RequestAborted);
        }
        catch (HttpRequestException)
        {
            return Problems.Create(StatusCodes.Status502BadGateway, CommonErrorCode.UpstreamUnavailable, "The verification service did not answer.", "Retry shortly; the page keeps polling.");
        }

        http.Response.RegisterForDispose(response);
        string type = response.Content.Headers.ContentType?.ToString() ?? "application/json";
        if (download is not null && response.IsSuccessStatusCode)
        {
            string extension = type.Contains("csv", StringComparison.Ordinal) ? "csv" : type.Contains("markdown", StringComparison.Ordinal) ? "md" : "ndjson";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"{download}.{extension}\"";
        }

        IResult body = Results.Stream(await response.Content.ReadAsStreamAsync(http.RequestAborted), type);
        return response.IsSuccessStatusCode ? body : new StatusStream(body, (int)response.StatusCode);
    }

    /// <summary>The last five seals: when, up to which entry, with which key.</summary>
    internal static List<object> RecentSeals(string path)
    {
        var seals = new List<object>();
        if (!File.Exists(path))
        {
            return seals;
        }

        using var c = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=false");
        c.Open();
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = "SELECT seq, sealed_at, kid, (SELECT COUNT(*) FROM message_log) FROM seals ORDER BY id DESC LIMIT 5";
        using SqliteDataReader r = cmd.ExecuteReader();
        while (r.Read())
        {
            seals.Add(new { upToEntry = r.GetInt64(0), sealedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)), kid = r.GetString(2), entries = r.GetInt64(3) });
        }

        return seals;
    }

    private static IResult Asset(string name)
    {
        Stream? stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ops/" + name);
        if (stream is null)
        {
            return Results.NotFound();
        }

        string type = Path.GetExtension(name) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            _ => "text/css; charset=utf-8",
        };
        return Results.Stream(stream, type);
    }

    [GeneratedRegex("^[A-Za-z0-9-]{1,64}$")]
    private static partial Regex Code();

    /// <summary>The upstream's body with the upstream's (non-2xx) status.</summary>
    private sealed class StatusStream(IResult inner, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
