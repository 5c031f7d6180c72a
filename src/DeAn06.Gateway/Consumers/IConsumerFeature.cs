namespace DeAn06.Gateway.Consumers;

/// <summary>
/// Who is calling: set once per request by authentication (a bearer token, the operators' cookie, or
/// the credentials of a token request) and read by every later step — grants, rate limits, quota,
/// signatures, the upstream headers and the message log. The one name for each idea:
/// <see cref="ConsumerId"/> is the registry's client id (the token's <c>sub</c>), <see cref="Sector"/> is
/// what the services see.
/// </summary>
public interface IConsumerFeature
{
    /// <summary>The client id in the registry (<c>Consumers:Clients:&lt;id&gt;</c>) and the token's subject.</summary>
    string ConsumerId { get; }

    /// <summary>The sector the services see (BHXH, THUE, ...): <see cref="Consumer.Sector"/>, else the client id.</summary>
    string Sector { get; }

    /// <summary>The registry entry as it was when the request was authenticated.</summary>
    Consumer Consumer { get; }
}
