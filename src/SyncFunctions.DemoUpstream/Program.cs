using SyncFunctions.DemoUpstream;

DemoUpstreamOptions options;
try
{
    options = DemoUpstreamOptions.FromArgs(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine("usage: [--port 5080] [--seed 42] [--users 20] [--contacts 1000] [--deals 300] [--notes-modulus 4] "
        + "[--rate-limit N] [--bearer-token T] [--api-key K] [--basic-user U --basic-password P] "
        + "[--oauth-client-id ID --oauth-client-secret S]");
    return 2;
}

await using var server = await DemoUpstreamServer.StartAsync(options);
Console.WriteLine($"Demo upstream listening on {server.BaseUrl}");
await server.WaitForShutdownAsync();
return 0;
