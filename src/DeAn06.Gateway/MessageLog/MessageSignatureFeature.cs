namespace DeAn06.Gateway.MessageLog;

/// <summary>Created by the first signing step that has something to record.</summary>
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
