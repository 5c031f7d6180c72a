using DeAn06.Gateway.Extensions;
using DeAn06.Gateway.MessageLog;
using DeAn06.ServiceDefaults;

if ((AuditCommand.TryRun(args, Console.Out) ?? DeAn06.Gateway.Signing.KeysCommand.TryRun(args, Console.Out)) is { } exitCode)
{
    return exitCode;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();
app.UseGateway();
app.Run();
return 0;

/// <summary>Entry point; public for WebApplicationFactory in tests.</summary>
public partial class Program;
