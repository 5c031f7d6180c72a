using DeAn06.Cli.Stack;

namespace DeAn06.Cli.Tests.Stack;

public sealed class LoopbackPortsTests
{
    /// <summary>
    /// A listening port picked inside the ephemeral range can be taken by an outgoing connection between
    /// the check and the bind (a cluster test failed on "address already in use" that way).
    /// </summary>
    [Theory]
    [InlineData(41_000, 60_000, 10)]
    [InlineData(30_000, 60_000, 10)]
    [InlineData(20_000, 40_000, 4)]
    public void FreeBase_RangeOverlappingEphemeralPorts_NeverReturnsAnEphemeralPort(int from, int to, int count)
    {
        (int low, int high) = LoopbackPorts.EphemeralRange();
        for (int i = 0; i < 200; i++)
        {
            int start = LoopbackPorts.FreeBase(from, to, count);
            Assert.True(start + count - 1 < low || start > high, $"{start}..{start + count - 1} overlaps the ephemeral range {low}..{high}");
            Assert.InRange(start, 1024, 65535 - count);
        }
    }
}
