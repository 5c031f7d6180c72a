namespace DeAn06.Gateway.RateLimiting;

/// <summary>
/// A token bucket in one Redis hash (tokens, last refill in µs), refilled at the consumer's rate by the
/// time elapsed on Redis's own clock (TIME), so gateways with skewed clocks count alike. Arguments:
/// rate per second, burst, permits. Returns {1, 0} when taken, or {0, µs until enough tokens}. The key
/// expires once a full bucket would have refilled, so idle consumers cost no memory. Both numbers are
/// stored with every digit: Lua's tostring keeps 14 significant digits, which rounds a µs timestamp
/// (16 digits) by up to 50 µs a call, and at tens of thousands of calls a second that rounding alone
/// admitted a third more than the bucket's rate.
/// </summary>
internal static class RedisTokenBucketScript
{
    public const string Text = """
        local rate = tonumber(ARGV[1])
        local burst = tonumber(ARGV[2])
        local permits = tonumber(ARGV[3])
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
        local tokens = tonumber(state[1])
        local at = tonumber(state[2])
        if tokens == nil or at == nil then
          tokens = burst
          at = now
        end
        if now > at then
          tokens = math.min(burst, tokens + (now - at) * rate / 1000000)
        end
        local allowed = 0
        local wait = 0
        if tokens >= permits then
          tokens = tokens - permits
          allowed = 1
        else
          wait = math.ceil((permits - tokens) * 1000000 / rate)
        end
        redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'at', string.format('%.0f', now))
        redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
        return {allowed, wait}
        """;
}
