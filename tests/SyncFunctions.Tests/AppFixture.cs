using SyncFunctions.Testing;
using SyncFunctions.Testing.App;

namespace SyncFunctions.Tests;

/// <summary>One app (real services, fresh table prefix) on the shared Azurite, per test class.</summary>
public sealed class AppFixture : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();
    private TestApp? _app;

    public TestApp App => _app ?? throw new InvalidOperationException("Not initialised.");

    public string ConnectionString => _azurite.ConnectionString;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _app = await TestApp.StartAsync(_azurite.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
