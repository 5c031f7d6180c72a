namespace DeAn06.Cli.Stack;

/// <summary>The Unix sockets a one-machine stack's gateway reaches its upstreams on (<see cref="LocalStack.Sockets"/>).</summary>
internal sealed record UpstreamSockets(string PopulationDb, string Verification);
