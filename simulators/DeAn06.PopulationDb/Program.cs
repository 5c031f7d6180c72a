using DeAn06.PopulationDb.Extensions;
using DeAn06.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddPopulationDb();

var app = builder.Build();
app.UsePopulationDb();
app.Run();

/// <summary>Entry point; public for WebApplicationFactory in tests.</summary>
public partial class Program;
