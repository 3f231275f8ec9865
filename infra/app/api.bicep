// Flex Consumption plan and the SyncFunctions function app (.NET 10 isolated worker, Durable Functions on
// the Azure Storage backend). Every connection uses the user-assigned identity; no keys or connection
// strings with secrets are stored in app settings.
param name string
param planName string
param location string = resourceGroup().location
param tags object = {}

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity (for AzureWebJobsStorage and Application Insights).')
param identityClientId string

param storageAccountName string
param deploymentStorageContainerName string
param applicationInsightsName string
param keyVaultName string
param adminKeySecretName string
param credentialKeySecretName string

@description('Durable Functions task hub: a letter, then letters and digits, 3 to 45 characters. host.json reads the app setting SyncFunctions__TaskHub as %SyncFunctions:TaskHub% (the host sees app settings as configuration keys, where __ is :).')
@minLength(3)
@maxLength(45)
param taskHubName string = 'SyncFunctions'

param maximumInstanceCount int = 100
param instanceMemoryMB int = 2048

@description('Durable Functions partitions of the task hub (see main.bicep).')
@minValue(1)
@maxValue(16)
param partitionCount int = 4

@description('Subnet (delegated to Microsoft.App/environments) for VNet integration; empty for none.')
param virtualNetworkSubnetId string = ''

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    virtualNetworkSubnetId: empty(virtualNetworkSubnetId) ? null : virtualNetworkSubnetId
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentStorageContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  // Flex Consumption sets the worker runtime and host version from functionAppConfig: no
  // FUNCTIONS_WORKER_RUNTIME or FUNCTIONS_EXTENSION_VERSION here.
  resource appSettings 'config' = {
    name: 'appsettings'
    properties: {
      AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
      AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
      AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
      SyncFunctions__TaskHub: taskHubName
      // host.json's extensions.durableTask.storageProvider.partitionCount: the host reads app settings named
      // AzureFunctionsJobHost__<path> as overrides of host.json.
      AzureFunctionsJobHost__extensions__durableTask__storageProvider__partitionCount: string(partitionCount)
      SyncFunctions__TablePrefix: 'sf'
      SyncFunctions__AdminKey: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${adminKeySecretName})'
      SyncFunctions__CredentialKey: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${credentialKeySecretName})'
      SyncFunctions__AllowedUpstreamHosts: ''
    }
  }

  // Deployments (azd deploy) authenticate with Microsoft Entra ID; basic publishing credentials stay off.
  resource ftp 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scm 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }
}

output name string = functionApp.name
output uri string = 'https://${functionApp.properties.defaultHostName}'
