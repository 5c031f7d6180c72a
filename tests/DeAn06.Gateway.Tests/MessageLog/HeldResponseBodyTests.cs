using System.Security.Cryptography;
using DeAn06.Gateway.MessageLog;
using Microsoft.AspNetCore.Http;

namespace DeAn06.Gateway.Tests.MessageLog;

public sealed class HeldResponseBodyTests
{
    private static readonly byte[] Answer = [.. Enumerable.Range(0, 15_000).Select(i => (byte)(i * 7))];

    [Fact]
    public async Task WriteAsync_SeveralWritesBelowLimit_NothingSentUntilSendThenExactBytes()
    {
        using var client = new MemoryStream();
        int begun = 0;
        using var held = new HeldResponseBody(new StreamResponseBodyFeature(client), 1024 * 1024, () => Task.FromResult(++begun > 0));
        foreach (ReadOnlyMemory<byte> chunk in Chunks())
        {
            await held.WriteAsync(chunk);
            await held.FlushAsync();
        }

        Assert.Equal(0, client.Length);
        Assert.Equal(Hash(Answer), held.Hash());
        await held.SendAsync(CancellationToken.None);
        Assert.Equal(Answer, client.ToArray());
        Assert.Equal(0, begun);
    }

    [Fact]
    public async Task WriteAsync_PastLimit_BegunOnceThenStreamedOneByteBehind()
    {
        using var client = new MemoryStream();
        int begun = 0;
        using var held = new HeldResponseBody(new StreamResponseBodyFeature(client), 6000, () => Task.FromResult(++begun > 0));
        foreach (ReadOnlyMemory<byte> chunk in Chunks())
        {
            await held.WriteAsync(chunk);
        }

        Assert.Equal(1, begun);
        Assert.True(held.Streaming);
        Assert.Equal(Answer[..^1], client.ToArray()); // the last byte waits for the completing entry
        Assert.Equal(Hash(Answer), held.Hash());
        await held.ReleaseLastAsync(CancellationToken.None);
        Assert.Equal(Answer, client.ToArray());
    }

    [Fact]
    public async Task WriteAsync_BegunEntryNotCommitted_RefusedAndNothingSent()
    {
        using var client = new MemoryStream();
        using var held = new HeldResponseBody(new StreamResponseBodyFeature(client), 6000, () => Task.FromResult(false));
        await Assert.ThrowsAsync<IOException>(async () =>
        {
            foreach (ReadOnlyMemory<byte> chunk in Chunks())
            {
                await held.WriteAsync(chunk);
            }
        });

        Assert.True(held.Refused);
        Assert.Equal(0, client.Length);
    }

    private static IEnumerable<ReadOnlyMemory<byte>> Chunks() => [Answer.AsMemory(0, 5000), Answer.AsMemory(5000, 5000), Answer.AsMemory(10_000)];

    private static string Hash(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
