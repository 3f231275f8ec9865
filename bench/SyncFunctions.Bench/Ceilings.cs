using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;

namespace SyncFunctions.Bench;

/// <summary>What the parts under the hub can do on their own, measured on the same Azurite and upstream as the figures.</summary>
internal static class Ceilings
{
    /// <summary>Entities of about a record's size, in batches of 100 over 8 requests in flight, into a fresh table.</summary>
    public static async Task<double> RawTableWritesPerSecondAsync(string connection, int count, string sampleJson)
    {
        var table = new TableServiceClient(connection).GetTableClient("benchraw" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateAsync();
        using var gate = new SemaphoreSlim(8);
        var watch = Stopwatch.StartNew();
        var batches = Enumerable.Range(0, count).Chunk(100).Select(async chunk =>
        {
            await gate.WaitAsync();
            try
            {
                await table.SubmitTransactionAsync(chunk.Select(i => new TableTransactionAction(
                    TableTransactionActionType.UpsertReplace,
                    new TableEntity("raw", i.ToString("D10")) { ["Json"] = sampleJson, ["Hash"] = "h" + i })));
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(batches);
        var rate = count / watch.Elapsed.TotalSeconds;
        await table.DeleteAsync();
        return rate;
    }

    /// <summary>Every page of the demo upstream's contacts, read and parsed in sequence as the engine pages.</summary>
    public static async Task<double> UpstreamReadsPerSecondAsync(Uri baseUrl, long records)
    {
        using var http = new HttpClient { BaseAddress = baseUrl };
        var watch = Stopwatch.StartNew();
        var read = 0L;
        for (var page = 1; read < records; page++)
        {
            using var doc = JsonDocument.Parse(await http.GetStringAsync($"/page/contacts?page={page}&per_page=100"));
            var count = doc.RootElement.GetProperty("data").GetArrayLength();
            if (count == 0)
            {
                break;
            }

            read += count;
        }

        return read / watch.Elapsed.TotalSeconds;
    }
}
