namespace DeAn06.Client;

/// <summary>A response's gateway signature was missing, did not match its bytes, or was not by the platform.</summary>
public sealed class DeAn06SignatureException : DeAn06ApiException
{
    public DeAn06SignatureException()
    {
    }

    public DeAn06SignatureException(string message)
        : base(message)
    {
    }

    public DeAn06SignatureException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
