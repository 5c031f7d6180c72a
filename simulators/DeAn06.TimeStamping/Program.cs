using DeAn06.ServiceDefaults;
using DeAn06.TimeStamping.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddTimeStamping();

var app = builder.Build();
app.UseTimeStamping();
app.Run();

/// <summary>Entry point; public for WebApplicationFactory in tests.</summary>
public partial class Program;
