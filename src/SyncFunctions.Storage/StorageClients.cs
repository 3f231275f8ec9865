using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;

namespace SyncFunctions.Storage;

/// <summary>
/// Builds the storage clients the way the Functions host reads <c>AzureWebJobsStorage</c>: a
/// connection string locally (Azurite), or identity-based service URIs in Azure
/// (<c>AzureWebJobsStorage__tableServiceUri</c>, <c>__queueServiceUri</c>, <c>__clientId</c>).
/// </summary>
public sealed class StorageClients
{
    public StorageClients(StorageConnection connection)
    {
        if (!string.IsNullOrWhiteSpace(connection.ConnectionString))
        {
            Tables = new TableServiceClient(connection.ConnectionString, TableOptions());
            Queues = new QueueServiceClient(connection.ConnectionString, QueueOptions());
            return;
        }

        if (connection.TableServiceUri is null || connection.QueueServiceUri is null)
        {
            throw new InvalidOperationException(
                "Storage is not configured: set AzureWebJobsStorage to a connection string, or " +
                "AzureWebJobsStorage__tableServiceUri and AzureWebJobsStorage__queueServiceUri for identity-based access.");
        }

        TokenCredential credential = string.IsNullOrWhiteSpace(connection.ClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(connection.ClientId));
        Tables = new TableServiceClient(connection.TableServiceUri, credential, TableOptions());
        Queues = new QueueServiceClient(connection.QueueServiceUri, credential, QueueOptions());
    }

    public TableServiceClient Tables { get; }

    public QueueServiceClient Queues { get; }

    private static TableClientOptions TableOptions()
    {
        var options = new TableClientOptions();
        options.AddPolicy(StorageMeter.Policy, HttpPipelinePosition.PerRetry);
        return options;
    }

    // The queue trigger decodes message text as host.json's extensions.queues.messageEncoding says (base64, its default too).
    private static QueueClientOptions QueueOptions()
    {
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        options.AddPolicy(StorageMeter.Policy, HttpPipelinePosition.PerRetry);
        return options;
    }
}

/// <summary>Where storage is; never logged, because a connection string holds the account key.</summary>
public sealed record StorageConnection(string? ConnectionString, Uri? TableServiceUri, Uri? QueueServiceUri, string? ClientId)
{
    public override string ToString() => "StorageConnection { *** }";
}
