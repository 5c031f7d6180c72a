using System.Globalization;
using System.Text;
using System.Text.Json;
using DeAn06.PopulationDb.Errors;
using DeAn06.ServiceDefaults;

namespace DeAn06.PopulationDb.Faults;

/// <summary>Answers a call the way a matched <see cref="FaultRule"/> says.</summary>
internal static class RuleAnswer
{
    /// <summary>A 200 whose JSON stops mid-object, as a connection cut by a proxy leaves it.</summary>
    private static readonly byte[] Truncated = Encoding.UTF8.GetBytes("{\"KetQua\":[{\"SoDinhDanh\":\"0010");

    /// <summary>Applies the rule; false when it only delays and the call goes on as usual.</summary>
    public static async Task<bool> ApplyAsync(HttpContext context, FaultRule rule, TimeProvider time)
    {
        if (rule.DelayMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(rule.DelayMs), time, context.RequestAborted);
        }

        switch (rule.Fault)
        {
            case FaultRuleValidator.Drop:
                context.Features.Get<Journal.CitizenCall>()?.Dropped = true;
                context.Abort();
                return true;
            case FaultRuleValidator.MalformedBody:
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "application/json; charset=utf-8";
                await context.Response.Body.WriteAsync(Truncated, context.RequestAborted);
                return true;
        }

        if (rule.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        if (rule.Body is { } body)
        {
            context.Response.StatusCode = rule.Status ?? StatusCodes.Status200OK;
            context.Response.ContentType = "application/json; charset=utf-8";
            await using var writer = new Utf8JsonWriter(context.Response.Body, Apis.CitizenApi.WriterOptions);
            body.WriteTo(writer);
            return true;
        }

        if (rule.Status is { } status)
        {
            await (status switch
            {
                StatusCodes.Status429TooManyRequests => Problems.Create(status, ErrorCode.Throttled, "Too many requests.", "A fault rule throttles this call; retry after the time in Retry-After."),
                StatusCodes.Status503ServiceUnavailable => Problems.Create(status, ErrorCode.Maintenance, "The population database is in maintenance.", "A fault rule answers this call with maintenance."),
                _ => Problems.Create(status, ErrorCode.InjectedError, "Injected upstream error.", "A fault rule of the simulator answered this call (fault injection is on)."),
            }).ExecuteAsync(context);
            return true;
        }

        return false;
    }
}
