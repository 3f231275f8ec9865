using System.Diagnostics;
using System.Net.Sockets;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using SyncFunctions.Testing;

namespace SyncFunctions.Tests.Harness;

public sealed class AzuriteFixtureTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly TableServiceClient _tables = new(azurite.ConnectionString);
    private readonly QueueServiceClient _queues = new(azurite.ConnectionString);

    [Fact]
    public async Task Exposes_endpoints_of_the_connection_string()
    {
        Assert.Equal(StorageConnectionString.Parse(azurite.ConnectionString).BlobEndpoint, azurite.BlobEndpoint);
        Assert.Equal(
            !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(AzuriteServer.ExternalConnectionStringVariable)),
            azurite.IsExternal);
        Assert.Equal(azurite.QueueEndpoint.ToString().TrimEnd('/'), _queues.Uri.ToString().TrimEnd('/'));
        Assert.Equal(azurite.TableEndpoint.ToString().TrimEnd('/'), _tables.Uri.ToString().TrimEnd('/'));
        Assert.NotEqual(azurite.BlobEndpoint.Port, azurite.QueueEndpoint.Port);
        Assert.NotEqual(azurite.QueueEndpoint.Port, azurite.TableEndpoint.Port);

        // All three services listen (blob is exercised by the Functions host and Durable, not by these tests).
        foreach (var endpoint in new[] { azurite.BlobEndpoint, azurite.QueueEndpoint, azurite.TableEndpoint })
        {
            using var client = new TcpClient();
            await client.ConnectAsync(endpoint.Host, endpoint.Port);
            Assert.True(client.Connected, endpoint.ToString());
        }
    }

    [Fact]
    public async Task Table_upsert_read_and_transaction_batch_work()
    {
        var name = AzuriteFixture.UniqueName("harness");
        var table = _tables.GetTableClient(name);
        await table.CreateIfNotExistsAsync();
        try
        {
            var entity = new TableEntity("p1", "r1") { ["Status"] = "running", ["Count"] = 3 };
            await table.UpsertEntityAsync(entity, TableUpdateMode.Replace);

            var read = (await table.GetEntityAsync<TableEntity>("p1", "r1")).Value;
            Assert.Equal("running", read.GetString("Status"));
            Assert.Equal(3, read.GetInt32("Count"));
            Assert.NotEqual(default, read.ETag);

            // A batch within one partition is atomic: three inserts and an update of the first entity.
            var batch = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.Add, new TableEntity("p1", "r2") { ["Status"] = "queued" }),
                new(TableTransactionActionType.Add, new TableEntity("p1", "r3") { ["Status"] = "queued" }),
                new(TableTransactionActionType.UpsertMerge, new TableEntity("p1", "r1") { ["Status"] = "completed" }),
            };
            var responses = (await table.SubmitTransactionAsync(batch)).Value;
            Assert.Equal(3, responses.Count);
            Assert.All(responses, r => Assert.InRange(r.Status, 200, 299));

            var all = new List<TableEntity>();
            await foreach (var e in table.QueryAsync<TableEntity>(e => e.PartitionKey == "p1"))
            {
                all.Add(e);
            }

            Assert.Equal(["r1", "r2", "r3"], all.Select(e => e.RowKey).Order());
            var merged = all.Single(e => e.RowKey == "r1");
            Assert.Equal("completed", merged.GetString("Status"));
            Assert.Equal(3, merged.GetInt32("Count")); // merge kept the other property

            // A failing batch changes nothing (r2 already exists).
            var failing = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.Add, new TableEntity("p1", "r4")),
                new(TableTransactionActionType.Add, new TableEntity("p1", "r2")),
            };
            var ex = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(failing));
            Assert.Equal(409, ex.Status);
            var r4 = await table.GetEntityIfExistsAsync<TableEntity>("p1", "r4");
            Assert.False(r4.HasValue);
        }
        finally
        {
            await table.DeleteAsync();
        }
    }

    [Fact]
    public async Task Queue_send_receive_delete_work()
    {
        var queue = _queues.GetQueueClient(AzuriteFixture.UniqueName("harness"));
        await queue.CreateIfNotExistsAsync();
        try
        {
            await queue.SendMessageAsync("{\"ack\":1}");

            var received = (await queue.ReceiveMessagesAsync(maxMessages: 1, visibilityTimeout: TimeSpan.FromSeconds(30))).Value;
            var message = Assert.Single(received);
            Assert.Equal("{\"ack\":1}", message.Body.ToString());
            Assert.Equal(1, message.DequeueCount);

            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);

            var properties = (await queue.GetPropertiesAsync()).Value;
            Assert.Equal(0, properties.ApproximateMessagesCount);
            var peeked = (await queue.PeekMessagesAsync(maxMessages: 1)).Value;
            Assert.Empty(peeked);
        }
        finally
        {
            await queue.DeleteAsync();
        }
    }

    [Fact]
    public async Task Two_fixtures_share_one_server()
    {
        var second = new AzuriteFixture();
        await second.InitializeAsync();
        try
        {
            Assert.Same(azurite.Server, second.Server);
            Assert.Equal(azurite.ConnectionString, second.ConnectionString);
            Assert.Equal(azurite.IsExternal, second.IsExternal);
            Assert.Same(azurite.Server, await AzuriteServer.SharedAsync());

            // Data written through one fixture is visible through the other.
            var name = AzuriteFixture.UniqueName("shared");
            await new TableServiceClient(azurite.ConnectionString).CreateTableAsync(name);
            try
            {
                var names = new List<string>();
                await foreach (var t in new TableServiceClient(second.ConnectionString).QueryAsync(t => t.Name == name))
                {
                    names.Add(t.Name);
                }

                Assert.Equal([name], names);
            }
            finally
            {
                await _tables.DeleteTableAsync(name);
            }
        }
        finally
        {
            await second.DisposeAsync();
        }

        // Disposing a fixture leaves the shared server running.
        await _tables.GetTableClient(AzuriteFixture.UniqueName("alive")).CreateIfNotExistsAsync();
    }

    [Theory]
    [InlineData("harness")]
    [InlineData("Sync-Job_Runs!")]
    [InlineData("9lives")]
    [InlineData("")]
    [InlineData("---")]
    [InlineData("averyveryveryveryveryveryveryverylongprefixthatgoesonandon")]
    public void UniqueName_is_valid_for_tables_and_queues_and_distinct(string prefix)
    {
        var names = Enumerable.Range(0, 200).Select(_ => AzuriteFixture.UniqueName(prefix)).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, name =>
        {
            Assert.InRange(name.Length, 3, AzuriteFixture.MaxUniqueNameLength);
            Assert.InRange(name[0], 'a', 'z');
            Assert.All(name, c => Assert.True(c is (>= 'a' and <= 'z') or (>= '0' and <= '9'), $"'{c}' in {name}"));
        });

        var expectedHead = new string(prefix.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());
        if (expectedHead.Length > 0 && char.IsAsciiLetter(expectedHead[0]))
        {
            Assert.StartsWith(expectedHead[..Math.Min(expectedHead.Length, 24)], names[0], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task UniqueNames_are_accepted_by_storage()
    {
        var name = AzuriteFixture.UniqueName("Sync-Job_Runs-With-A-Long-Prefix");
        var table = _tables.GetTableClient(name);
        var queue = _queues.GetQueueClient(name);
        await table.CreateAsync();
        await queue.CreateAsync();
        await table.DeleteAsync();
        await queue.DeleteAsync();
    }

    [Fact]
    public void Parses_development_storage_connection_string()
    {
        var dev = StorageConnectionString.Parse("UseDevelopmentStorage=true");
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), dev.BlobEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), dev.QueueEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), dev.TableEndpoint);

        var built = StorageConnectionString.ForAzurite(1, 2, 3);
        Assert.Equal(built, StorageConnectionString.Parse(built.Value));
        Assert.DoesNotContain(StorageConnectionString.DevelopmentAccountKey, built.ToString(), StringComparison.Ordinal);

        Assert.Throws<FormatException>(() => StorageConnectionString.Parse("not a connection string"));
    }

    [Fact]
    public async Task A_dedicated_server_starts_and_its_process_is_killed_on_dispose()
    {
        var sw = Stopwatch.StartNew();
        var server = await AzuriteServer.StartAsync();
        int pid;
        try
        {
            Assert.False(server.IsExternal);
            Assert.NotEqual(azurite.ConnectionString, server.ConnectionString);
            pid = Assert.NotNull(server.ProcessId);

            var queue = new QueueServiceClient(server.ConnectionString).GetQueueClient(AzuriteFixture.UniqueName("dedicated"));
            await queue.CreateAsync();
            await queue.SendMessageAsync("hello");
            Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(60), $"took {sw.Elapsed}");
        }
        finally
        {
            await server.DisposeAsync();
        }

        Assert.True(HasExited(pid), $"Azurite process {pid} still running after dispose");
        using var client = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync(server.QueueEndpoint.Host, server.QueueEndpoint.Port));
    }

    private static bool HasExited(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return p.HasExited;
        }
        catch (ArgumentException)
        {
            return true; // no such process
        }
    }
}
