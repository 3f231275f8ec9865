using SyncFunctions.Core.Paging;

namespace SyncFunctions.Core.Unified;

public sealed record StoredUnifiedModel(UnifiedModelDefinition Definition, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>Unified models of an environment, addressed by name.</summary>
public interface IUnifiedModelStore : INamedDefinitionStore<StoredUnifiedModel>;
