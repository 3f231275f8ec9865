// Key Vault (RBAC authorization, soft delete and purge protection) with the app's two secrets.
param name string
param location string = resourceGroup().location
param tags object = {}

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
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
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

output name string = vault.name
output uri string = vault.properties.vaultUri
output adminKeySecretName string = adminKeySecret.name
output credentialKeySecretName string = credentialKeySecret.name
