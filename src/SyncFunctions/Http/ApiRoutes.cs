using SyncFunctions.Core.Security;
using SyncFunctions.Http.Pipeline;

namespace SyncFunctions.Http;

/// <summary>The route table: every HTTP function of the app, in one place.</summary>
public static class ApiRoutes
{
    public static class Paths
    {
        public const string Health = "health";
        public const string Environments = "admin/environments";
        public const string Environment = "admin/environments/{id}";
        public const string ApiKeys = "admin/api-keys";
        public const string ApiKey = "admin/api-keys/{id}";
        public const string SelfTest = "admin/self-test";
    }

    public static class Names
    {
        public const string Health = "Health";
        public const string CreateEnvironment = "CreateEnvironment";
        public const string ListEnvironments = "ListEnvironments";
        public const string GetEnvironment = "GetEnvironment";
        public const string CreateApiKey = "CreateApiKey";
        public const string ListApiKeys = "ListApiKeys";
        public const string GetApiKey = "GetApiKey";
        public const string DeleteApiKey = "DeleteApiKey";
        public const string SelfTest = "SelfTest";
    }

    public static readonly ApiRoute Health = new(Names.Health, "GET", Paths.Health, null, "Storage reachability (anonymous).");
    public static readonly ApiRoute CreateEnvironment = new(Names.CreateEnvironment, "POST", Paths.Environments, Scopes.Admin, "Create an environment (root admin key).");
    public static readonly ApiRoute ListEnvironments = new(Names.ListEnvironments, "GET", Paths.Environments, Scopes.Admin, "List environments.");
    public static readonly ApiRoute GetEnvironment = new(Names.GetEnvironment, "GET", Paths.Environment, Scopes.Admin, "Get an environment.");
    public static readonly ApiRoute CreateApiKey = new(Names.CreateApiKey, "POST", Paths.ApiKeys, Scopes.Admin, "Create an API key; the key is shown once.");
    public static readonly ApiRoute ListApiKeys = new(Names.ListApiKeys, "GET", Paths.ApiKeys, Scopes.Admin, "List API keys (never the keys themselves).");
    public static readonly ApiRoute GetApiKey = new(Names.GetApiKey, "GET", Paths.ApiKey, Scopes.Admin, "Get an API key's metadata.");
    public static readonly ApiRoute DeleteApiKey = new(Names.DeleteApiKey, "DELETE", Paths.ApiKey, Scopes.Admin, "Revoke an API key.");
    public static readonly ApiRoute SelfTest = new(Names.SelfTest, "POST", Paths.SelfTest, Scopes.Admin, "Run the self-test orchestration (Durable + storage round trip).");

    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        Health,
        CreateEnvironment, ListEnvironments, GetEnvironment,
        CreateApiKey, ListApiKeys, GetApiKey, DeleteApiKey,
        SelfTest,
    ];
}
