// One private endpoint for one sub-resource (blob, queue, table of the storage account; the vault), registered
// in its private DNS zone so the service's public host name resolves to the endpoint inside the VNet.
param name string
param location string = resourceGroup().location
param tags object = {}

@description('Resource id of the storage account or key vault.')
param targetId string

@description('The sub-resource: blob, queue, table or vault.')
@allowed([
  'blob'
  'queue'
  'table'
  'vault'
])
param groupId string

param subnetId string
param dnsZoneId string

resource endpoint 'Microsoft.Network/privateEndpoints@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    subnet: {
      id: subnetId
    }
    privateLinkServiceConnections: [
      {
        name: name
        properties: {
          privateLinkServiceId: targetId
          groupIds: [
            groupId
          ]
        }
      }
    ]
  }

  resource dnsZoneGroup 'privateDnsZoneGroups' = {
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [
        {
          name: groupId
          properties: {
            privateDnsZoneId: dnsZoneId
          }
        }
      ]
    }
  }
}

output id string = endpoint.id
