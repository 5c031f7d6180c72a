using DeAn06.Benchmarks;

return args.FirstOrDefault() switch
{
    "popgen" => PopulationGenerationBenchmark.Run(Options.Parse(args.Skip(1))),
    "popdb" => await PopulationDbHttpBenchmark.RunAsync(Options.Parse(args.Skip(1))),
    "matching" => MatchingBenchmark.Run(Options.Parse(args.Skip(1))),
    "verification" => await VerificationBenchmark.RunAsync(Options.Parse(args.Skip(1))),
    "gateway" => await GatewayBenchmark.RunAsync(Options.Parse(args.Skip(1))),
    "cms" => CmsBenchmark.Run(Options.Parse(args.Skip(1))),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: DeAn06.Benchmarks popgen [--size N] [--seed S] | popdb [--size N] [--seconds S] [--concurrency C] | matching [--seconds S] | verification [--population N] [--records N] [--rate R] [--seconds S] | gateway [--seconds S] [--concurrency C] [--rate R]");
    return 2;
}
