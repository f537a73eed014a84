using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace MediaGrpc.Cli.Output;

/// <summary>
/// Shows a transfer's progress while it runs: a live bar with bytes, rate and ETA when
/// stdout is a terminal; otherwise a plain line on stderr every few seconds; nothing with
/// --quiet or --json. The bar is left on screen as it ended (100% after success).
/// </summary>
internal sealed class ProgressDisplay(CliOutput output)
{
    private static readonly TimeSpan s_barRefresh = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_lineInterval = TimeSpan.FromSeconds(5);

    public async Task<T> RunAsync<T>(string description, ProgressSource source, Func<Task<T>> work, bool allowBar = true)
    {
        if (allowBar && output.CanDrawBar)
        {
            return await RunWithBarAsync(description, source, work);
        }

        if (output.CanWriteProgressLines)
        {
            return await RunWithLinesAsync(description, source, work);
        }

        return await work();
    }

    private static async Task<T> RunWithBarAsync<T>(string description, ProgressSource source, Func<Task<T>> work)
    {
        var progress = AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                new DownloadedColumn(),
                new TransferSpeedColumn(),
                new RemainingTimeColumn());
        return await progress.StartAsync(async context =>
        {
            var task = context.AddTask(Markup.Escape(description), autoStart: true, maxValue: Math.Max(1, source.Total));
            var running = work();
            while (!running.IsCompleted)
            {
                Update(task, source);
                await Task.WhenAny(running, Task.Delay(s_barRefresh));
            }

            Update(task, source);
            if (running.IsCompletedSuccessfully)
            {
                task.Value = task.MaxValue;
            }

            task.StopTask();
            return await running;
        });
    }

    private static void Update(ProgressTask task, ProgressSource source)
    {
        var total = source.Total;
        task.IsIndeterminate = total <= 0;
        if (total > 0)
        {
            task.MaxValue = total;
        }

        task.Value = Math.Max(0, source.Done);
    }

    private static async Task<T> RunWithLinesAsync<T>(string description, ProgressSource source, Func<Task<T>> work)
    {
        var running = work();
        var clock = Stopwatch.StartNew();
        var lastDone = Math.Max(0, source.Done);
        var lastTime = TimeSpan.Zero;
        while (!running.IsCompleted)
        {
            await Task.WhenAny(running, Task.Delay(s_lineInterval));
            if (running.IsCompleted)
            {
                break;
            }

            var done = Math.Max(0, source.Done);
            var now = clock.Elapsed;
            var rate = (done - lastDone) / Math.Max(0.001, (now - lastTime).TotalSeconds);
            (lastDone, lastTime) = (done, now);
            await Console.Error.WriteLineAsync(Line(description, done, source.Total, rate));
        }

        return await running;
    }

    private static string Line(string description, long done, long total, double rate)
    {
        var of = total > 0
            ? string.Create(CultureInfo.InvariantCulture, $" of {ByteSize.Format(total)} ({100.0 * done / total:0}%)")
            : string.Empty;
        return $"{description}: {ByteSize.Format(done)}{of}, {ByteSize.Format((long)rate)}/s";
    }
}
