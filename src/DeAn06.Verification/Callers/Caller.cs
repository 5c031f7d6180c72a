namespace DeAn06.Verification.Callers;

/// <summary>The sector system on whose behalf the gateway called, and the province office it reports for ("00": not given).</summary>
public sealed record Caller(string Sector, string Province);
