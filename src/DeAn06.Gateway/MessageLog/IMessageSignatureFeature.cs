namespace DeAn06.Gateway.MessageLog;

/// <summary>The signatures of one exchange, for the message log: the consumer's (checked) and the gateway's.</summary>
internal interface IMessageSignatureFeature
{
    /// <summary>The consumer's request signature, set only once it was checked (one sent without a body proves nothing).</summary>
    string? Request { get; }

    /// <summary>The gateway's signature over the answer's exact bytes; cleared when that answer is withheld.</summary>
    string? Response { get; set; }
}
