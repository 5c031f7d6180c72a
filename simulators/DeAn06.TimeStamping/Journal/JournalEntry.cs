namespace DeAn06.TimeStamping.Journal;

/// <summary>One issued token as the journal keeps it (hex for hashes, nonces and serials; base64 for the token).</summary>
public sealed record JournalEntry(string Serial, DateTimeOffset GenTime, string Requester, string HashAlgorithm, string Imprint, string Nonce, string Token);
