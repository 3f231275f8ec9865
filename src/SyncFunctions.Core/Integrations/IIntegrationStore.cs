using SyncFunctions.Core.Paging;

namespace SyncFunctions.Core.Integrations;

/// <summary>Integrations of an environment, addressed by name.</summary>
public interface IIntegrationStore : INamedDefinitionStore<StoredIntegration>;
