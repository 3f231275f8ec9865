// The optional private network (main.bicep's vnetEnabled): a VNet with one subnet the Flex Consumption app
// integrates with for its outbound traffic and one for the private endpoints of storage and Key Vault, plus
// the private DNS zones that make their usual host names resolve to those endpoints inside the VNet.
param name string
param location string = resourceGroup().location
param tags object = {}

@description('Address space of the VNet; the two /24 subnets are its first two.')
param addressPrefix string = '10.0.0.0/16'

// Zone names from the cloud's own suffixes, so the template also fits sovereign clouds. Key Vault's private
// zone is "vaultcore", not "vault": privatelink.vaultcore.azure.net for *.vault.azure.net.
var zones = {
  blob: 'privatelink.blob.${environment().suffixes.storage}'
  queue: 'privatelink.queue.${environment().suffixes.storage}'
  table: 'privatelink.table.${environment().suffixes.storage}'
  vault: replace(environment().suffixes.keyvaultDns, '.vault.', 'privatelink.vaultcore.')
}

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        // Flex Consumption integrates with a subnet delegated to Microsoft.App/environments.
        name: 'app'
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 24, 0)
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
      {
        name: 'private-endpoints'
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 24, 1)
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }
}

resource dnsZones 'Microsoft.Network/privateDnsZones@2020-06-01' = [
  for zone in items(zones): {
    name: zone.value
    location: 'global'
    tags: tags
  }
]

resource dnsLinks 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = [
  for (zone, i) in items(zones): {
    parent: dnsZones[i]
    name: '${name}-link'
    location: 'global'
    tags: tags
    properties: {
      registrationEnabled: false
      virtualNetwork: {
        id: vnet.id
      }
    }
  }
]

output appSubnetId string = vnet.properties.subnets[0].id
output privateEndpointSubnetId string = vnet.properties.subnets[1].id

@description('The private DNS zones: { service (blob, queue, table, vault), id }.')
output dnsZones array = [
  for (zone, i) in items(zones): {
    service: zone.key
    id: dnsZones[i].id
  }
]
