using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SyncFunctions.Core.Accounts;
using SyncFunctions.Http;
using SyncFunctions.Http.Pipeline;

namespace SyncFunctions.Definitions;

public sealed class AccountFunctions(HttpApi api, AccountService accounts)
{
    [Function(nameof(ApiRoutes.CreateIntegratedAccount))]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.Accounts)] HttpRequest req) =>
        api.HandleInEnvironmentAsync(req, ApiRoutes.CreateIntegratedAccount, async (env, ct) =>
            ApiResult.Created(await accounts.CreateAsync(env, await RequestBody.ReadAsync<CreateAccountRequest>(req, ct), ct)));

    [Function(nameof(ApiRoutes.ListIntegratedAccounts))]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.Accounts)] HttpRequest req) =>
        api.HandleInTenantAsync(req, ApiRoutes.ListIntegratedAccounts, async (tenant, ct) =>
            ApiResult.Ok(ListResponse<AccountView>.From(
                await accounts.ListAsync(tenant, Query.Get(req, "integration_name"), Query.Get(req, "cursor"), Query.Limit(req), ct))));

    [Function(nameof(ApiRoutes.GetIntegratedAccount))]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.Account)] HttpRequest req, string id) =>
        api.HandleInTenantAsync(req, ApiRoutes.GetIntegratedAccount, async (tenant, ct) => ApiResult.Ok(await accounts.GetAsync(tenant, id, ct)));

    [Function(nameof(ApiRoutes.UpdateIntegratedAccount))]
    public Task<IActionResult> Update([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = ApiRoutes.Templates.Account)] HttpRequest req, string id) =>
        api.HandleInTenantAsync(req, ApiRoutes.UpdateIntegratedAccount, async (tenant, ct) =>
            ApiResult.Ok(await accounts.UpdateAsync(tenant, id, await RequestBody.ReadAsync<UpdateAccountRequest>(req, ct), ct)));

    [Function(nameof(ApiRoutes.DeleteIntegratedAccount))]
    public Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ApiRoutes.Templates.Account)] HttpRequest req, string id) =>
        api.HandleInTenantAsync(req, ApiRoutes.DeleteIntegratedAccount, async (tenant, ct) =>
        {
            await accounts.DeleteAsync(tenant, id, ct);
            return ApiResult.NoContent();
        });
}
