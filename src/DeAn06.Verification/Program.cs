using DeAn06.ServiceDefaults;
using DeAn06.Verification.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddVerification();

var app = builder.Build();
app.UseVerification();
app.Run();

/// <summary>Entry point; public for WebApplicationFactory in tests.</summary>
public partial class Program;
