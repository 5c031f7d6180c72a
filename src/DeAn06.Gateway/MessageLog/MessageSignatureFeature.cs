namespace DeAn06.Gateway.MessageLog;

/// <summary>The signatures of one exchange, for the message log: the consumer's (checked) and the gateway's.</summary>
internal interface IMessageSignatureFeature
{
    /// <summary>The consumer's request signature, set only once it was checked (one sent without a body proves nothing).</summary>
    string? Request { get; }

    /// <summary>The gateway's signature over the answer's exact bytes; cleared when that answer is withheld.</summary>
    string? Response { get; set; }
}

internal sealed class MessageSignatureFeature : IMessageSignatureFeature
{
    public string? Request { get; set; }

    public string? Response { get; set; }

    /// <summary>The request's feature, created on first use.</summary>
    public static MessageSignatureFeature Of(HttpContext context)
    {
        if (context.Features.Get<IMessageSignatureFeature>() is MessageSignatureFeature known)
        {
            return known;
        }

        var feature = new MessageSignatureFeature();
        context.Features.Set<IMessageSignatureFeature>(feature);
        return feature;
    }
}
