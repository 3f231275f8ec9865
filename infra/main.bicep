// SyncFunctions on Azure Functions Flex Consumption, provisioned by `azd up` / `azd provision`.
// Shape follows Azure-Samples/functions-quickstart-dotnet-azd and durable-functions-quickstart-dotnet-azd,
// with plain resources only (no registry modules), so `bicep build` works offline.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; used for the resource group name and to derive a unique token for resource names.')
param environmentName string

// No @allowed list: the regions that offer Flex Consumption keep growing; ARM rejects an unsupported one.
@minLength(1)
@description('Primary location for all resources, including the Flex Consumption function app.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the deploying user (azd sets AZURE_PRINCIPAL_ID). When given, it gets the same data-plane roles as the app (storage, Application Insights, Key Vault secrets) for debugging. Leave empty to skip.')
param principalId string = ''

@minValue(1)
@maxValue(1000)
@description('Upper bound of Flex Consumption instances.')
param maximumInstanceCount int = 100

@allowed([
  512
  2048
  4096
])
@description('Memory of each Flex Consumption instance, in MB.')
param instanceMemoryMB int = 2048

@minValue(1)
@maxValue(16)
@description('Durable Functions partitions (control queues) of the task hub, 1 to 16, default 4. Each partition is owned by one instance at a time, so this caps how many instances share orchestration work (activities scale regardless). FIXED once the task hub exists: a new value takes effect only with a new task hub (new taskHubName or cleared storage). Raise it before the first deployment if many orchestrations run at once.')
param partitionCount int = 4

@description('VNet mode: a VNet with private endpoints (and private DNS zones) for storage blob/queue/table and Key Vault, the function app integrated with it, and public network access to storage and Key Vault turned off. The app itself stays reachable over HTTPS.')
param vnetEnabled bool = false

@description('Key Vault purge protection. Off by default so `azd down` can purge the vault (infra/hooks/postdown.sh does) and `azd up` with the same environment reuses its name. Turn on for production: the vault then cannot be purged, and re-creating the environment within the retention period needs another keyVaultName.')
param keyVaultPurgeProtection bool = false

@maxLength(24)
@description('Key Vault name; empty derives one from the subscription, environment name and location. Set it to re-create an environment while its old purge-protected vault still holds the derived name.')
param keyVaultName string = ''

// Secrets. Key Vault holds `admin-key` and `credential-key`; the app reads them through Key Vault references.
// The secret resources are declared @onlyIfNotExists(): ARM writes them on the first deployment only and
// leaves existing secrets untouched afterwards, so re-deploys keep the values (rotating the credential key
// would make stored upstream credentials undecryptable). The random defaults below (newGuid() may only be
// used in a parameter default) therefore matter on the first deployment only; pass a value to choose your
// own first value. To rotate later, write a new version in Key Vault (az keyvault secret set) and restart.
@secure()
@description('First value of the `admin-key` secret (SyncFunctions__AdminKey, >= 32 characters). Used only when the secret does not exist yet.')
param adminKey string = '${newGuid()}${newGuid()}'

@secure()
@description('First value of the `credential-key` secret (SyncFunctions__CredentialKey, base64 of >= 32 bytes). Used only when the secret does not exist yet.')
param credentialKey string = base64('${newGuid()}${newGuid()}${newGuid()}')

var abbrs = loadJsonContent('./abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = '${abbrs.webSitesFunctions}api-${resourceToken}'
var deploymentStorageContainerName = 'app-package-${take(functionAppName, 32)}-${take(toLower(uniqueString(functionAppName, resourceToken)), 7)}'

resource rg 'Microsoft.Resources/resourceGroups@2024-11-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

// The one identity the app uses for everything: storage (AzureWebJobsStorage and the app's own tables and
// queues), Application Insights ingestion, Key Vault references and the deployment package container.
module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: deploymentStorageContainerName
    privateOnly: vnetEnabled
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: empty(keyVaultName) ? '${abbrs.keyVaultVaults}${resourceToken}' : keyVaultName
    location: location
    tags: tags
    adminKey: adminKey
    credentialKey: credentialKey
    enablePurgeProtection: keyVaultPurgeProtection
    privateOnly: vnetEnabled
  }
}

module network 'app/network.bicep' = if (vnetEnabled) {
  name: 'network'
  scope: rg
  params: {
    name: '${abbrs.networkVirtualNetworks}${resourceToken}'
    location: location
    tags: tags
  }
}

// Storage serves Durable and the app through three services, each with its own endpoint and DNS zone.
module storageEndpoints 'app/private-endpoint.bicep' = [
  for service in ['blob', 'queue', 'table']: if (vnetEnabled) {
    name: 'pe-storage-${service}'
    scope: rg
    params: {
      name: '${abbrs.networkPrivateEndpoints}${service}-${resourceToken}'
      location: location
      tags: tags
      targetId: storage.outputs.id
      groupId: service
      subnetId: network!.outputs.privateEndpointSubnetId
      dnsZoneId: toObject(network!.outputs.dnsZones, zone => zone.service, zone => zone.id)[service]
    }
  }
]

module vaultEndpoint 'app/private-endpoint.bicep' = if (vnetEnabled) {
  name: 'pe-vault'
  scope: rg
  params: {
    name: '${abbrs.networkPrivateEndpoints}vault-${resourceToken}'
    location: location
    tags: tags
    targetId: keyVault.outputs.id
    groupId: 'vault'
    subnetId: network!.outputs.privateEndpointSubnetId
    dnsZoneId: toObject(network!.outputs.dnsZones, zone => zone.service, zone => zone.id).vault
  }
}

// Data-plane roles: the app's identity always, the deploying user when principalId is given.
module appRoles 'app/rbac.bicep' = {
  name: 'rbac-app'
  scope: rg
  params: {
    principalId: identity.outputs.principalId
    principalType: 'ServicePrincipal'
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    keyVaultName: keyVault.outputs.name
  }
}

module userRoles 'app/rbac.bicep' = if (!empty(principalId)) {
  name: 'rbac-user'
  scope: rg
  params: {
    principalId: principalId
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    keyVaultName: keyVault.outputs.name
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentStorageContainerName: deploymentStorageContainerName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    keyVaultName: keyVault.outputs.name
    adminKeySecretName: keyVault.outputs.adminKeySecretName
    credentialKeySecretName: keyVault.outputs.credentialKeySecretName
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    partitionCount: partitionCount
    virtualNetworkSubnetId: vnetEnabled ? network!.outputs.appSubnetId : ''
  }
  // The app resolves Key Vault references and reaches storage as soon as it exists: grant its roles first,
  // and in VNet mode let the private endpoints exist, since public access to both is off.
  dependsOn: [
    appRoles
    storageEndpoints
    vaultEndpoint
  ]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.connectionString
