using SyncFunctions.Core.Engine.Pagination;
using SyncFunctions.Core.Engine.Placeholders;
using SyncFunctions.Core.Integrations;
using SyncFunctions.Core.SyncJobs;

namespace SyncFunctions.Core.Engine;

/// <summary>
/// Builds the request for one page of one unit: base_url + rendered path; the endpoint's default query
/// overridden by the job's; the incremental parameter; then the paginator's parameters (which win, since a
/// job query that fixes <c>page</c> would otherwise fetch page 1 forever); the integration's headers.
/// Credentials are not added here (see <see cref="Auth.AuthApplier"/>), so requests can be logged as they are.
/// </summary>
public static class RequestBuilder
{
    /// <param name="integration">The integration definition.</param>
    /// <param name="resourceName">The integration resource, e.g. <c>crm/contacts</c>.</param>
    /// <param name="method"><c>list</c> or <c>get</c>.</param>
    /// <param name="entry">The sync job resource entry (id, query).</param>
    /// <param name="context">Args, account variables, parent records, loop item of this unit.</param>
    /// <param name="page">The page to build; null for the first.</param>
    /// <param name="incrementalSince">Previous run date on an incremental run: sent as the endpoint's <c>incremental_param</c>.</param>
    /// <param name="literalQuery">Values set as they are after the job's query (a unified entry's mapped query): no placeholders read in them.</param>
    /// <exception cref="ConfigurationException">The definitions cannot produce a valid request.</exception>
    /// <exception cref="PlaceholderException">A placeholder has no value.</exception>
    public static UpstreamRequest Build(
        IntegrationDefinition integration,
        string resourceName,
        string method,
        SyncJobResource entry,
        PlaceholderContext context,
        PageState? page = null,
        DateTimeOffset? incrementalSince = null,
        IReadOnlyDictionary<string, string>? literalQuery = null)
    {
        var (_, endpoint) = Endpoints.Require(integration, resourceName, method);
        if (entry.Id is not null && context.Id is null)
        {
            context = context with { Id = Placeholder.Render(entry.Id, context, PlaceholderSink.Raw, "id") };
        }

        var request = new UpstreamRequestBuilder(HttpMethodOf(endpoint), EndpointUrl(integration, endpoint, context, resourceName, method));

        var jobQuery = entry.Query ?? new Dictionary<string, string>();
        foreach (var (name, template) in endpoint.Query ?? new Dictionary<string, string>())
        {
            if (!jobQuery.ContainsKey(name))
            {
                request.SetEncodedQuery(name, Placeholder.Render(template, context, PlaceholderSink.QueryValue, $"resources.{resourceName}.{method}.query.{name}"));
            }
        }
        foreach (var (name, template) in jobQuery)
        {
            request.SetEncodedQuery(name, Placeholder.Render(template, context, PlaceholderSink.QueryValue, $"query.{name}"));
        }
        foreach (var (name, value) in literalQuery ?? new Dictionary<string, string>())
        {
            request.SetQuery(name, value);
        }

        if (incrementalSince is { } since && !string.IsNullOrEmpty(endpoint.IncrementalParam))
        {
            request.SetQuery(endpoint.IncrementalParam, PlaceholderContext.FormatDate(since));
        }

        var paginator = PaginatorFor(integration, resourceName, method);
        paginator.Apply(page ?? paginator.Start(), request);

        foreach (var (name, template) in integration.Headers ?? new Dictionary<string, string>())
        {
            request.SetHeader(name, Placeholder.Render(template, context, PlaceholderSink.Raw, $"headers.{name}"));
        }

        return request.Build();
    }

    /// <summary>
    /// The paginator for an endpoint; use the same one for <see cref="IPaginator.Next"/>. A <c>get</c> is always
    /// a single page, whatever its definition says.
    /// </summary>
    public static IPaginator PaginatorFor(IntegrationDefinition integration, string resourceName, string method)
    {
        var (_, endpoint) = Endpoints.Require(integration, resourceName, method);
        return method == ResourceMethods.Get ? NoPaginator.Instance : Paginators.For(endpoint.Pagination);
    }

    /// <summary>The rendered base URL alone (for resolving a relative OAuth token_url, or the SSRF check).</summary>
    public static Uri BaseUrl(IntegrationDefinition integration, PlaceholderContext context) =>
        Absolute(RenderBase(integration, context), "base_url");

    private static Uri EndpointUrl(IntegrationDefinition integration, EndpointDefinition endpoint, PlaceholderContext context, string resourceName, string method)
    {
        var field = $"resources.{resourceName}.{method}.path";
        var path = Placeholder.Render(endpoint.Path ?? "", context, PlaceholderSink.PathSegment, field);
        if (!path.StartsWith('/'))
        {
            throw new ConfigurationException(EngineErrorCodes.InvalidUrl, $"{field} must start with '/'.", field);
        }
        var url = Absolute(RenderBase(integration, context).TrimEnd('/') + path, field);
        if (url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            throw new ConfigurationException(EngineErrorCodes.InvalidUrl, $"{field}: put query parameters in 'query', not in the URL.", field);
        }
        return url;
    }

    private static string RenderBase(IntegrationDefinition integration, PlaceholderContext context) =>
        // Values are percent-encoded even here: an account variable cannot smuggle in "@", "/" or "#" and change the host.
        Placeholder.Render(integration.BaseUrl ?? "", context, PlaceholderSink.PathSegment, "base_url");

    private static Uri Absolute(string url, string field) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.UserInfo.Length == 0
            ? uri
            : throw new ConfigurationException(EngineErrorCodes.InvalidUrl, $"{field}: '{url}' is not an absolute http(s) URL.", field);

    private static string HttpMethodOf(EndpointDefinition endpoint)
    {
        var method = (endpoint.Method ?? "GET").ToUpperInvariant();
        return method is "GET" or "POST"
            ? method
            : throw new ConfigurationException(EngineErrorCodes.InvalidJobDefinition, $"HTTP method '{endpoint.Method}' is not supported (GET or POST).", "method");
    }
}
