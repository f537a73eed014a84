using Microsoft.Extensions.Options;

namespace MediaGrpc.Server.Media;

/// <summary>Runs <see cref="ExpiredMediaSweeper"/> every <see cref="MediaOptions.SweepInterval"/>.</summary>
internal sealed class ExpiredMediaSweepService(
    ExpiredMediaSweeper sweeper,
    IOptions<MediaOptions> options,
    TimeProvider timeProvider,
    ILogger<ExpiredMediaSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.SweepInterval is not { } interval || interval <= TimeSpan.Zero)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, timeProvider, stoppingToken);
                await sweeper.SweepOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is Storage.BlobStoreException or IOException or HttpRequestException)
            {
                // A failed sweep is retried at the next interval; expired media stay refused meanwhile.
                SweepLog.SweepFailed(logger, e);
            }
        }
    }
}
