using Microsoft.AspNetCore.Mvc.Testing;

namespace DeAn06.Verification.Tests.Support;

/// <summary>
/// A test class with its own verification service (in-process) and a client calling as the gateway
/// does for BHXH; simulator faults are cleared before and after.
/// </summary>
public abstract class ServiceTest(StackFixture stack) : IAsyncLifetime
{
    protected StackFixture Stack { get; } = stack;

    protected WebApplicationFactory<Program> Service { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Service = Stack.CreateService();
        Client = StackFixture.GatewayClient(Service);
        return Stack.ClearFaultsAsync();
    }

    public async Task DisposeAsync()
    {
        await Stack.ClearFaultsAsync();
        Client.Dispose();
        await Service.DisposeAsync();
    }
}
