using System.CommandLine;
using DeAn06.Cli.Runs;

namespace DeAn06.Cli.Commands;

/// <summary><c>dean06 evaluate</c>: verdicts against a ground-truth file.</summary>
internal static class EvaluateCommand
{
    public static Command Create(CliContext context)
    {
        var results = new Option<FileInfo>("--results") { Description = "Results NDJSON (from 'dean06 verify' or /api/v1/jobs/{id}/results).", Required = true };
        var truth = new Option<FileInfo>("--truth") { Description = "The generator's ground truth CSV (MaHoSo,Discrepancy,ExpectedVerdict).", Required = true };
        var command = new Command("evaluate", "Compare verdicts with the ground truth: confusion matrix, precision and recall. Exit 0 only if every verdict is as expected.") { results, truth };
        command.SetAction(p =>
        {
            foreach (FileInfo f in new[] { p.GetValue(results)!, p.GetValue(truth)! }.Where(f => !f.Exists))
            {
                throw new CliException($"{f.FullName} does not exist.", ExitCodes.Usage);
            }

            Evaluation e = Evaluation.Compare(p.GetValue(truth)!.FullName, p.GetValue(results)!.FullName);
            e.Render(context.Console);
            return e.Wrong == 0 && e.Unpaired == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }
}
