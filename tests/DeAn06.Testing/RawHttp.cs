using System.Net.Sockets;
using System.Text;

namespace DeAn06.Testing;

/// <summary>
/// HTTP/1.1 over a bare socket, for what HttpClient will not send: request targets exactly as
/// written (HttpClient's Uri folds dot segments and unescapes %6A), bodies shorter than their
/// Content-Length, broken chunked encoding.
/// </summary>
public static class RawHttp
{
    /// <summary>One parsed answer; Status 0 when the server closed without answering.</summary>
    public sealed record Answer(int Status, string Head, string Body)
    {
        /// <summary>The problem's <c>code</c>, read without a JSON parser (the body may be chunked).</summary>
        public string? Code => System.Text.RegularExpressions.Regex.Match(Body, "\"code\"\\s*:\\s*\"([A-Z_]+)\"") is { Success: true } m ? m.Groups[1].Value : null;

        public string? Header(string name) => Head.Split("\r\n").Skip(1)
            .Select(l => l.Split(':', 2))
            .FirstOrDefault(p => p.Length == 2 && p[0].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))?[1].Trim();
    }

    /// <summary>A request to <paramref name="target"/> with the given headers and body, Connection: close.</summary>
    public static string Request(string method, string target, string? token, string? contentType = null, string? body = null, params string[] headers)
    {
        var text = new StringBuilder($"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        if (token is not null)
        {
            text.Append($"Authorization: Bearer {token}\r\n");
        }

        foreach (string h in headers)
        {
            text.Append(h).Append("\r\n");
        }

        if (body is not null)
        {
            text.Append($"Content-Type: {contentType}\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n");
        }

        return text.Append("\r\n").Append(body).ToString();
    }

    /// <summary>
    /// Sends <paramref name="request"/> as is, optionally half-closes (FIN) the sending side, and reads
    /// the answer until the server closes or <paramref name="deadline"/> passes.
    /// </summary>
    public static async Task<Answer> SendAsync(Uri server, string request, bool halfClose = false, TimeSpan? deadline = null)
    {
        using var cts = new CancellationTokenSource(deadline ?? TimeSpan.FromSeconds(30));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, cts.Token);
        NetworkStream stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request), cts.Token);
        if (halfClose)
        {
            tcp.Client.Shutdown(SocketShutdown.Send);
        }

        return await ReadAsync(stream, cts.Token);
    }

    /// <summary>Reads one answer: headers, then Content-Length bytes (or to the close).</summary>
    public static async Task<Answer> ReadAsync(Stream stream, CancellationToken ct)
    {
        var received = new MemoryStream();
        byte[] buffer = new byte[8192];
        int headEnd = -1;
        int? length = null;
        while (true)
        {
            if (headEnd >= 0 && length is { } n && received.Length >= headEnd + 4 + n)
            {
                break;
            }

            int read;
            try
            {
                read = await stream.ReadAsync(buffer, ct);
            }
            catch (IOException)
            {
                break; // reset by the server: whatever came before counts
            }

            if (read == 0)
            {
                break;
            }

            received.Write(buffer, 0, read);
            if (headEnd < 0)
            {
                headEnd = Encoding.Latin1.GetString(received.GetBuffer(), 0, (int)received.Length).IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (headEnd >= 0)
                {
                    var head = new Answer(0, Encoding.UTF8.GetString(received.GetBuffer(), 0, headEnd), "");
                    length = int.TryParse(head.Header("Content-Length"), out int l) ? l : null;
                }
            }
        }

        string all = Encoding.UTF8.GetString(received.ToArray());
        if (headEnd < 0)
        {
            return new Answer(0, all, "");
        }

        string headText = all[..headEnd];
        string[] statusLine = headText.Split("\r\n")[0].Split(' ');
        return new Answer(int.Parse(statusLine[1], System.Globalization.CultureInfo.InvariantCulture), headText, all[(headEnd + 4)..]);
    }
}
