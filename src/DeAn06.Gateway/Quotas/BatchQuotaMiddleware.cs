using System.Globalization;
using DeAn06.Gateway.Consumers;
using DeAn06.Gateway.Errors;
using DeAn06.Gateway.Routing;
using DeAn06.ServiceDefaults;

namespace DeAn06.Gateway.Quotas;

/// <summary>
/// In the proxy pipeline, on the job-submission route only (its metadata <c>BatchSubmit</c>, never the
/// path's spelling): reserves one of the consumer's jobs for today before the upload is forwarded
/// (429 <c>QUOTA_EXCEEDED</c> with Retry-After until midnight when none is left), keeps it if the
/// upstream accepts the job (202) and gives it back otherwise, however the request ends.
/// </summary>
internal sealed class BatchQuotaMiddleware(RequestDelegate next, BatchQuota quota)
{
    // Every other route passes straight on: no state machine for the requests this step does not concern.
    public Task InvokeAsync(HttpContext context) =>
        context.Get(RouteMetadata.BatchSubmit) == "true" && context.Consumer() is { } consumer ? ReserveAsync(context, consumer) : next(context);

    private async Task ReserveAsync(HttpContext context, IConsumerFeature consumer)
    {
        QuotaReservation? reservation;
        try
        {
            reservation = await quota.TryReserveAsync(consumer.ConsumerId, consumer.Consumer.BatchQuota, context.RequestAborted);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
        {
            // The shared quota's database (a cluster's PostgreSQL, which the jobs live in too) is away:
            // refuse for now rather than hand out jobs uncounted.
            context.Response.Headers.RetryAfter = "5";
            await Problems.Create(StatusCodes.Status503ServiceUnavailable, ErrorCode.UpstreamUnavailable, "The batch quota cannot be checked.",
                "The database that counts the daily batch quota is unreachable; submit again shortly.").ExecuteAsync(context);
            return;
        }

        if (reservation is null)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(quota.UntilRenewal().TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await Problems.Create(StatusCodes.Status429TooManyRequests, ErrorCode.QuotaExceeded, "Daily batch quota used up.",
                $"Client '{consumer.ConsumerId}' may submit {consumer.Consumer.BatchQuota} batch job(s) a day and has; the quota renews at midnight (Vietnam time).").ExecuteAsync(context);
            return;
        }

        await using QuotaReservation held = reservation;
        await next(context);
        if (context.Response.StatusCode == StatusCodes.Status202Accepted)
        {
            held.Keep();
        }
    }
}
