namespace SyncFunctions.DemoUpstream;

/// <summary>
/// <c>POST /oauth/token</c>, client-credentials grant (RFC 6749 §4.4). Client credentials come from the form or from
/// HTTP Basic, as the RFC allows both; errors use the RFC's codes.
/// </summary>
internal sealed class OAuthTokenEndpoint(UpstreamAuth auth, TokenIssuer tokens)
{
    public void Map(IEndpointRouteBuilder routes) => routes.MapPost("/oauth/token", (RequestDelegate)IssueAsync);

    private async Task IssueAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            await JsonResponse.ErrorAsync(context, StatusCodes.Status400BadRequest, "invalid_request",
                "expected application/x-www-form-urlencoded");
            return;
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form["grant_type"].ToString() != "client_credentials")
        {
            await JsonResponse.ErrorAsync(context, StatusCodes.Status400BadRequest, "unsupported_grant_type");
            return;
        }
        string clientId = form["client_id"].ToString(), clientSecret = form["client_secret"].ToString();
        if (clientId.Length == 0 && AuthGate.TryBasic(context.Request.Headers.Authorization.ToString(), out var user, out var password))
            (clientId, clientSecret) = (user, password);

        var trace = RequestTrace.Of(context);
        if (!auth.HasOAuth || clientId != auth.OAuthClientId || clientSecret != auth.OAuthClientSecret)
        {
            trace.AuthPassed = false;
            await JsonResponse.ErrorAsync(context, StatusCodes.Status401Unauthorized, "invalid_client");
            return;
        }
        trace.AuthScheme = "oauth";
        var token = tokens.Issue();
        context.Response.Headers.CacheControl = "no-store";
        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("access_token", token);
            w.WriteString("token_type", "Bearer");
            w.WriteNumber("expires_in", (long)tokens.Lifetime.TotalSeconds);
            w.WriteEndObject();
        });
    }
}
