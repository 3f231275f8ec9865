using SyncFunctions.Core.Accounts;
using SyncFunctions.Core.Integrations;

namespace SyncFunctions.Core.DeviceSync;

/// <summary>
/// The type name devices see in <c>meta.type</c> (Base's <c>lead</c>, <c>contact</c>, …). The rule:
/// the integration resource's <c>type_name</c> when set; otherwise the last segment of the resource
/// name, singular (<c>crm/contacts</c> → <c>contact</c>, <c>crm/companies</c> → <c>company</c>,
/// <c>mail/addresses</c> → <c>address</c>; names ending in ss, us or is stay as they are).
/// Records whose account or integration is gone fall back to the derived name.
/// </summary>
public sealed class RecordTypeNames(IAccountStore accounts, IIntegrationStore integrations)
{
    public static string Derive(string resource)
    {
        var name = resource[(resource.LastIndexOf('/') + 1)..];
        if (name.EndsWith("ies", StringComparison.Ordinal) && name.Length > 3)
        {
            return name[..^3] + "y";
        }

        if (name.EndsWith("sses", StringComparison.Ordinal) || name.EndsWith("xes", StringComparison.Ordinal)
            || name.EndsWith("ches", StringComparison.Ordinal) || name.EndsWith("shes", StringComparison.Ordinal)
            || name.EndsWith("zzes", StringComparison.Ordinal))
        {
            return name[..^2];
        }

        var singularAlready = name.EndsWith("ss", StringComparison.Ordinal) || name.EndsWith("us", StringComparison.Ordinal) || name.EndsWith("is", StringComparison.Ordinal);
        return name.EndsWith('s') && !singularAlready && name.Length > 1 ? name[..^1] : name;
    }

    /// <summary>A resolver for one request: each account and integration is read once.</summary>
    public Resolver For(string environmentId) => new(accounts, integrations, environmentId);

    public sealed class Resolver
    {
        private readonly IAccountStore _accounts;
        private readonly IIntegrationStore _integrations;
        private readonly string _environmentId;
        private readonly Dictionary<(string Account, string Resource), string> _names = [];
        private readonly Dictionary<string, IntegrationDefinition?> _integrationsByAccount = new(StringComparer.Ordinal);

        internal Resolver(IAccountStore accounts, IIntegrationStore integrations, string environmentId)
        {
            _accounts = accounts;
            _integrations = integrations;
            _environmentId = environmentId;
        }

        public async Task<string> ResolveAsync(string accountId, string resource, CancellationToken ct)
        {
            if (_names.TryGetValue((accountId, resource), out var known))
            {
                return known;
            }

            if (!_integrationsByAccount.TryGetValue(accountId, out var integration))
            {
                var account = await _accounts.GetAsync(_environmentId, accountId, ct).ConfigureAwait(false);
                integration = account is null
                    ? null
                    : (await _integrations.GetAsync(_environmentId, account.IntegrationName, ct).ConfigureAwait(false))?.Definition;
                _integrationsByAccount[accountId] = integration;
            }

            var name = integration?.Resources?.GetValueOrDefault(resource)?.TypeName is { Length: > 0 } typeName ? typeName : Derive(resource);
            _names[(accountId, resource)] = name;
            return name;
        }
    }
}
