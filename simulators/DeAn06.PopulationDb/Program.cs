using DeAn06.PopulationDb.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddPopulationDb();

var app = builder.Build();
app.UsePopulationDb();
app.Run();

/// <summary>Entry point; public for WebApplicationFactory in tests.</summary>
public partial class Program;
