using Microsoft.Extensions.Configuration;
using SyncFunctions.Composition;
using SyncFunctions.Core.DeviceSync;

namespace SyncFunctions.Tests.DeviceSync;

public sealed class DeviceSyncSettingsTests
{
    private static SyncFunctionsSettings Read(params (string Key, string Value)[] values) =>
        SyncFunctionsSettings.From(new ConfigurationBuilder().AddInMemoryCollection(
            values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))
                .Append(new("SyncFunctions:CredentialKey", Convert.ToBase64String(new byte[32])))
                .Append(new("AzureWebJobsStorage", "UseDevelopmentStorage=true"))).Build());

    [Fact]
    public void Page_size_and_idle_timeout_have_defaults_and_can_be_set()
    {
        Assert.Equal(DeviceSyncOptions.Default, Read().DeviceSync);
        Assert.Equal(new DeviceSyncOptions(250, TimeSpan.FromMinutes(3)), Read(("SyncFunctions:DeviceSyncPageSize", "250"), ("SyncFunctions:DeviceSessionIdleMinutes", "3")).DeviceSync);
    }

    [Theory]
    [InlineData("SyncFunctions:DeviceSyncPageSize", "0", "SyncFunctions__DeviceSyncPageSize")]
    [InlineData("SyncFunctions:DeviceSyncPageSize", "501", "SyncFunctions__DeviceSyncPageSize")]
    [InlineData("SyncFunctions:DeviceSessionIdleMinutes", "soon", "SyncFunctions__DeviceSessionIdleMinutes")]
    public void Bad_values_stop_the_app_naming_the_setting(string key, string value, string name) =>
        Assert.Contains(name, Assert.Throws<InvalidOperationException>(() => Read((key, value))).Message, StringComparison.Ordinal);
}
