using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Running;
using DeAn06.Benchmarks;

// The micro-benchmarks run under BenchmarkDotNet; everything after the name goes to it
// (`--job short`, `--job dry`, `--filter *Verify*`, `--list flat`, ...). The HTTP runs start the
// real services and send at a fixed rate (open loop), with their own options.
Type[] micro = [typeof(MatchingBenchmark), typeof(CmsBenchmark), typeof(PopulationGenerationBenchmark)];
return args.FirstOrDefault() switch
{
    "matching" => Micro([typeof(MatchingBenchmark)], args[1..]),
    "cms" => Micro([typeof(CmsBenchmark)], args[1..]),
    "popgen" => Micro([typeof(PopulationGenerationBenchmark)], args[1..]),
    "micro" => Micro(micro, args[1..]),
    "popgen-footprint" => PopulationFootprint.Run(Options.Parse(args.Skip(1))),
    "popdb" => await PopulationDbHttpBenchmark.RunAsync(Options.Parse(args.Skip(1))),
    "verification" => await VerificationBenchmark.RunAsync(Options.Parse(args.Skip(1))),
    "gateway" => await GatewayBenchmark.RunAsync(Options.Parse(args.Skip(1))),
    _ => Usage(),
};

static int Micro(Type[] types, string[] benchmarkDotNetArgs)
{
    IConfig config = DefaultConfig.Instance
        .AddDiagnoser(MemoryDiagnoser.Default)
        .WithArtifactsPath(Path.Combine(Environment.CurrentDirectory, ".artifacts", "benchmarks"));
    List<string> run = [.. benchmarkDotNetArgs];
    // In process (BenchmarkDotNet's in-process emit toolchain): its default toolchain generates and
    // builds a project per run under this repository's Directory.Build.props (warnings as errors,
    // banned clock APIs), which takes minutes on the two shared cores for the same JIT-compiled code.
    // Passed as its command-line flag, so that --job short|dry and the rest still apply.
    if (!run.Contains("--inProcess") && !run.Contains("-i"))
    {
        run.Add("--inProcess");
    }

    // Without a filter BenchmarkDotNet asks which benchmark to run; the command already said.
    if (!run.Contains("--filter") && !run.Contains("-f"))
    {
        run.AddRange(["--filter", "*"]);
    }

    var summaries = BenchmarkSwitcher.FromTypes(types).Run([.. run], config);
    return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
}

static int Usage()
{
    Console.Error.WriteLine("""
        usage: DeAn06.Benchmarks COMMAND [OPTIONS]
          BenchmarkDotNet (options are BenchmarkDotNet's: --job short|dry|medium|long, --filter PATTERN, --list flat):
            matching             Matcher.Decide on typical pairs, per comparison, strict and tolerant
            cms                  CMS sign/verify on the gateway's request path, against SignedCms
            popgen               population generation, 100,000 and 1,000,000 citizens
            micro                all three
          one-off and HTTP runs (real services on loopback, open loop; latencies in HdrHistogram):
            popgen-footprint [--size N] [--seed S]    retained heap, peak RSS, shape against the census
            popdb [--size N] [--seconds S] [--concurrency C]
            verification [--population N] [--records N] [--rate R] [--seconds S]
            gateway [--seconds S] [--concurrency C] [--rate R] [--rounds N] [--signatures 0|1]
        """);
    return 2;
}
