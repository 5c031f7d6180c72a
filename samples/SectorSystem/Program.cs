// A sector system (e.g. BHXH Bắc Kạn, client id BHXH-06) on the DeAn06 client SDK: it checks the
// first record of its file in real time, then sends the whole file as batch jobs, follows them, and
// downloads the results. Run against a local stack started with `dean06 up`:
//
//   export DEAN06_CLIENT_SECRET=...   # from .dean06/stack.json
//   dotnet run --project samples/SectorSystem -- http://127.0.0.1:5300/ BHXH-06 .dean06/certs records.csv
using System.Globalization;
using DeAn06.Client;
using DeAn06.Contracts;
using Microsoft.Extensions.DependencyInjection;

if (args is not [var gateway, var clientId, var certificates, var batchFile])
{
    Console.Error.WriteLine("usage: SectorSystem <gateway-url> <client-id> <certificates-folder> <records.csv>  (secret in DEAN06_CLIENT_SECRET)");
    return 2;
}

string secret = Environment.GetEnvironmentVariable("DEAN06_CLIENT_SECRET") ?? "";
DeAn06ClientOptions options = DeAn06ClientOptions.FromPem(new Uri(gateway), clientId, secret,
    certificatePem: Path.Combine(certificates, clientId + ".pem"),
    keyPem: Path.Combine(certificates, clientId + ".key.pem"),
    caPem: Path.Combine(certificates, "ca.pem"));

// What a service does in its host (builder.Services.AddDeAn06Client(options)); a console program
// may instead write `using var client = new DeAn06Client(options);`.
var services = new ServiceCollection();
services.AddDeAn06Client(options);
await using ServiceProvider provider = services.BuildServiceProvider();
DeAn06Client client = provider.GetRequiredService<DeAn06Client>();

try
{
    // 1. One record, in real time: MaHoSo,SoDinhDanh,HoVaTen,NgayThangNamSinh,GioiTinh.
    string[] first = File.ReadLines(batchFile).Skip(1).First().Split(',');
    var record = new VerificationRecord(first[1], null, first[2], first[3], first[4], first[0]);
    VerificationResponse one = await client.VerifyAsync(record);
    Console.WriteLine($"{one.Result.MaHoSo}: {one.Result.Verdict} ({one.Result.MaskedId}), policy {one.Policy}, request {one.RequestId}");

    // 2. The whole file: jobs of up to 400,000 records, read from disk as they are sent. The key
    //    makes a repeated run (or a retried part) find its jobs instead of starting new ones.
    string run = $"{clientId}-{Path.GetFileNameWithoutExtension(batchFile)}-{File.GetLastWriteTimeUtc(batchFile):yyyyMMddHHmmss}";
    IReadOnlyList<JobStatusResponse> jobs;
    await using (FileStream file = File.OpenRead(batchFile))
    {
        jobs = await client.SubmitBatchInPartsAsync(file, BatchFormat.Csv, run);
    }

    string resultsPath = Path.ChangeExtension(batchFile, ".results.ndjson");
    await using FileStream results = File.Create(resultsPath);
    foreach (JobStatusResponse job in jobs)
    {
        await foreach (JobStatusResponse status in client.FollowJobAsync(job.JobId))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{status.JobId}: {status.Status}, {status.Done:N0}/{status.Total:N0} at {status.RatePerSecond ?? 0:N0}/s"));
        }

        await client.DownloadResultsAsync(job.JobId, results); // streamed, one line per input line
        Console.WriteLine(await client.GetJobSummaryAsync(job.JobId));
    }

    Console.WriteLine($"Results: {resultsPath}");
    return 0;
}
catch (DeAn06SignatureException ex)
{
    Console.Error.WriteLine($"The answer was not signed by the platform: {ex.Message}");
    return 1;
}
catch (DeAn06ApiException ex)
{
    Console.Error.WriteLine($"Refused: {ex.Code} {ex.Detail} (request {ex.RequestId}{(ex.RetryAfter is { } wait ? $", retry after {wait.TotalSeconds:0} s" : "")})");
    return 1;
}
