// Key Vault (RBAC authorization, soft delete, purge protection when asked for) with the app's two secrets.
param name string
param location string = resourceGroup().location
param tags object = {}

// Off by default: a purge-protected vault cannot be purged, so after `azd down` its name stays taken for the
// whole retention period and `azd up` of the same environment fails on it (see main.bicep).
@description('Purge protection: deleted secrets and the vault itself cannot be purged before the retention period ends.')
param enablePurgeProtection bool = false

@description('Reachable only through a private endpoint (VNet mode): public network access off.')
param privateOnly bool = false

// Both secrets are @onlyIfNotExists(): ARM creates them on the first deployment and never overwrites
// them, so these values matter only then (see main.bicep).
@secure()
@description('Value of `admin-key` when the secret is created.')
param adminKey string

@secure()
@description('Value of `credential-key` when the secret is created.')
param credentialKey string

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // ARM accepts true or absent, never false: false is spelled null.
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: privateOnly ? 'Disabled' : 'Enabled'
    networkAcls: {
      defaultAction: privateOnly ? 'Deny' : 'Allow'
      bypass: 'AzureServices'
    }
  }
}

@onlyIfNotExists()
resource adminKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'admin-key'
  properties: {
    value: adminKey
    contentType: 'text/plain'
  }
}

@onlyIfNotExists()
resource credentialKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'credential-key'
  properties: {
    value: credentialKey
    contentType: 'application/octet-stream;base64'
  }
}

output id string = vault.id
output name string = vault.name
output uri string = vault.properties.vaultUri
output adminKeySecretName string = adminKeySecret.name
output credentialKeySecretName string = credentialKeySecret.name
