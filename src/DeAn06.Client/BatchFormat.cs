namespace DeAn06.Client;

/// <summary>File formats the batch endpoint accepts.</summary>
public enum BatchFormat
{
    /// <summary>CSV with a header line (<c>text/csv</c>).</summary>
    Csv,

    /// <summary>One JSON record per line (<c>application/x-ndjson</c>).</summary>
    Ndjson,
}
