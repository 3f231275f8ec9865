#!/bin/sh
# azd postdown hook: purge the environment's soft-deleted Key Vault.
#
# Key Vault names are global and a deleted vault keeps its name for the retention period (90 days), so
# without a purge `azd up` of the same environment fails on the name main.bicep derives again. `azd down
# --purge` does this too; the hook covers `azd down` without it. A purge-protected vault cannot be purged:
# then the hook says how to pick another name instead of failing.
set -eu

name="${AZURE_KEY_VAULT_NAME:-}"
if [ -z "$name" ]; then
  echo "postdown: AZURE_KEY_VAULT_NAME is not set in this azd environment; no Key Vault to purge."
  exit 0
fi

if ! command -v az >/dev/null 2>&1; then
  echo "postdown: the Azure CLI (az) is not installed, so Key Vault $name was not purged." >&2
  echo "postdown: before 'azd up' with this environment, run: az keyvault purge --name $name" >&2
  exit 1
fi

if ! protected="$(az keyvault show-deleted --name "$name" --query properties.purgeProtectionEnabled --output tsv 2>/dev/null)"; then
  echo "postdown: Key Vault $name is not soft-deleted (already purged, or not deleted): nothing to purge."
  exit 0
fi

if [ "$protected" = "true" ]; then
  echo "postdown: Key Vault $name is purge-protected and keeps its name until its retention period ends."
  echo "postdown: to re-create this environment before then, give it another vault name: azd env set KEY_VAULT_NAME <new name>"
  exit 0
fi

echo "postdown: purging soft-deleted Key Vault $name"
if ! az keyvault purge --name "$name"; then
  echo "postdown: could not purge Key Vault $name; 'azd up' with this environment will fail on its name until it is purged." >&2
  exit 1
fi
echo "postdown: purged Key Vault $name"
