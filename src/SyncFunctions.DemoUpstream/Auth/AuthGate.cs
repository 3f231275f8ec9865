using System.Text;

namespace SyncFunctions.DemoUpstream;

/// <summary>Checks credentials against every configured scheme; any one is enough.</summary>
internal sealed class AuthGate(UpstreamAuth auth, TokenIssuer tokens)
{
    /// <summary>Paths anyone may call: liveness, the token endpoint itself, and the loopback-only control API.</summary>
    public static bool IsExempt(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/oauth/token") || path.StartsWithSegments("/_control");

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (auth.IsOpen || IsExempt(context.Request.Path))
        {
            await next(context);
            return;
        }
        var trace = RequestTrace.Of(context);
        trace.AuthScheme = Check(context.Request);
        trace.AuthPassed = trace.AuthScheme is not null;
        if (trace.AuthPassed)
        {
            await next(context);
            return;
        }
        var challenges = new List<string>();
        if (auth.BearerToken is not null || auth.HasOAuth) challenges.Add("Bearer realm=\"demo-upstream\"");
        if (auth.HasBasic) challenges.Add("Basic realm=\"demo-upstream\"");
        if (challenges.Count > 0) context.Response.Headers.WWWAuthenticate = challenges.ToArray();
        await JsonResponse.ErrorAsync(context, StatusCodes.Status401Unauthorized, "unauthorized");
    }

    /// <summary>The scheme that let the request in, or null.</summary>
    private string? Check(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (TryScheme(authorization, "Bearer", out var token))
        {
            if (auth.BearerToken is not null && token == auth.BearerToken) return "bearer";
            if (auth.HasOAuth && tokens.IsValid(token)) return "oauth";
        }
        if (auth.HasBasic && TryBasic(authorization, out var user, out var password)
            && user == auth.BasicUser && password == auth.BasicPassword)
        {
            return "basic";
        }
        if (auth.ApiKey is not null
            && (request.Headers["X-API-Key"].ToString() == auth.ApiKey || request.Query["api_key"].ToString() == auth.ApiKey))
        {
            return "api_key";
        }
        return null;
    }

    internal static bool TryBasic(string authorization, out string user, out string password)
    {
        user = password = "";
        if (!TryScheme(authorization, "Basic", out var encoded)) return false;
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) return false;
            (user, password) = (decoded[..colon], decoded[(colon + 1)..]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool TryScheme(string authorization, string scheme, out string value)
    {
        value = "";
        if (authorization.Length <= scheme.Length + 1
            || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            || authorization[scheme.Length] != ' ')
        {
            return false;
        }
        value = authorization[(scheme.Length + 1)..].Trim();
        return value.Length > 0;
    }
}
