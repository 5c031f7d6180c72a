namespace DeAn06.Gateway.Tests.Support;

/// <summary>A body whose length HttpClient cannot know in advance, so it sends no Content-Length.</summary>
public sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
{
    public override bool CanSeek => false;
}
