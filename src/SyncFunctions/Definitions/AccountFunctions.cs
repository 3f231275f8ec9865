using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SyncFunctions.Core.Accounts;
using SyncFunctions.Http;
using SyncFunctions.Http.Pipeline;

namespace SyncFunctions.Definitions;

public sealed class AccountFunctions(HttpApi api, AccountService accounts)
{
    [Function(ApiRoutes.Names.CreateAccount)]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.Accounts)] HttpRequest req) =>
        api.HandleInEnvironmentAsync(req, ApiRoutes.CreateAccount, async (env, ct) =>
            ApiResult.Created(await accounts.CreateAsync(env, await RequestBody.ReadAsync<CreateAccountRequest>(req, ct), ct)));

    [Function(ApiRoutes.Names.ListAccounts)]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.Accounts)] HttpRequest req) =>
        api.HandleInTenantAsync(req, ApiRoutes.ListAccounts, async (tenant, ct) =>
            ApiResult.Ok(ListResponse<AccountView>.From(
                await accounts.ListAsync(tenant, Query.Get(req, "integration_name"), Query.Get(req, "cursor"), Query.Limit(req), ct))));

    [Function(ApiRoutes.Names.GetAccount)]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.Account)] HttpRequest req, string id) =>
        api.HandleInTenantAsync(req, ApiRoutes.GetAccount, async (tenant, ct) => ApiResult.Ok(await accounts.GetAsync(tenant, id, ct)));

    [Function(ApiRoutes.Names.UpdateAccount)]
    public Task<IActionResult> Update([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = ApiRoutes.Templates.Account)] HttpRequest req, string id) =>
        api.HandleInTenantAsync(req, ApiRoutes.UpdateAccount, async (tenant, ct) =>
            ApiResult.Ok(await accounts.UpdateAsync(tenant, id, await RequestBody.ReadAsync<UpdateAccountRequest>(req, ct), ct)));

    [Function(ApiRoutes.Names.DeleteAccount)]
    public Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ApiRoutes.Templates.Account)] HttpRequest req, string id) =>
        api.HandleInTenantAsync(req, ApiRoutes.DeleteAccount, async (tenant, ct) =>
        {
            await accounts.DeleteAsync(tenant, id, ct);
            return ApiResult.NoContent();
        });
}
