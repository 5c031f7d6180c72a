namespace DeAn06.Gateway.Credentials;

/// <summary>What a client id and secret come to.</summary>
internal enum CredentialVerdict
{
    /// <summary>A registered client with its secret.</summary>
    Valid,

    /// <summary>Unknown client or wrong secret (deliberately not told apart).</summary>
    Invalid,

    /// <summary>Too many failures for this client id or address; the secret was not checked.</summary>
    Limited,
}
