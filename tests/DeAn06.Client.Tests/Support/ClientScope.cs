using DeAn06.Contracts;
using Microsoft.Extensions.Time.Testing;

namespace DeAn06.Client.Tests.Support;

/// <summary>A client (console constructor, full handler pipeline) over a stub gateway on a fake clock.</summary>
internal sealed class ClientScope : IDisposable
{
    public ClientScope(Func<DeAn06ClientOptions, DeAn06ClientOptions>? adjust = null, bool sign = true, bool checkAnswers = true)
    {
        Gateway = new StubGateway(Pki, Time);
        DeAn06ClientOptions options = Pki.Options(sign, checkAnswers);
        Client = new DeAn06Client(Gateway, adjust is null ? options : adjust(options), Time);
    }

    public static VerificationRecord Record { get; } = new("001085866844", null, "Nguyễn Văn Hùng", "22/11/1985", "Nam");

    public TestPki Pki { get; } = new();

    public FakeTimeProvider Time { get; } = new(TestPki.Now);

    public StubGateway Gateway { get; }

    public DeAn06Client Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        Gateway.Dispose();
        Pki.Dispose();
    }
}
