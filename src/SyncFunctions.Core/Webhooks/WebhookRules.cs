using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Engine.Validation;
using SyncFunctions.Core.Errors;

namespace SyncFunctions.Core.Webhooks;

/// <summary>What a webhook target must be. The URL rule runs at creation and again before every delivery, so a narrowed allow-list takes effect at once.</summary>
public static class WebhookRules
{
    public const int MaxUrlLength = 2048;
    public const int MaxDescriptionLength = 500;

    public static IReadOnlyList<FieldError> Check(CreateWebhookRequest request, IReadOnlySet<string> allowedHosts)
    {
        var errors = new FieldErrorList();
        if (string.IsNullOrWhiteSpace(request.Url))
        {
            errors.Required("url", "url is required.");
        }
        else if (CheckUrl(request.Url, allowedHosts) is { } refusal)
        {
            errors.Add("url", refusal.Code, refusal.Message);
        }

        if (request.Events is { } events)
        {
            if (events.Count == 0)
            {
                errors.Invalid("events", "Leave events out to subscribe to every event, or name at least one.");
            }

            for (var i = 0; i < events.Count; i++)
            {
                if (events[i] is null || !WebhookEvents.IsKnown(events[i]))
                {
                    errors.Invalid($"events[{i}]", $"Events are {string.Join(", ", WebhookEvents.All)}.");
                }
            }
        }

        if (request.Description is { } description && (description.Length > MaxDescriptionLength || description.Any(c => char.IsControl(c) && c is not ('\n' or '\t'))))
        {
            errors.Invalid("description", $"description is at most {MaxDescriptionLength} characters, without control characters.");
        }

        return errors.Errors;
    }

    /// <summary>The subscribed events in canonical order, without duplicates; every event when none are named.</summary>
    public static IReadOnlyList<string> NormalizeEvents(IReadOnlyList<string>? events) =>
        events is null ? WebhookEvents.All : WebhookEvents.All.Where(e => events.Contains(e, StringComparer.Ordinal)).ToList();

    /// <summary>
    /// Null when the hub may POST to <paramref name="url"/>: absolute https (http only for an allow-listed host), no
    /// user info, and no loopback, private or link-local literal host unless allow-listed (host names are checked
    /// again on every address they resolve to, when the connection is made).
    /// </summary>
    public static FieldError? CheckUrl(string url, IReadOnlySet<string> allowedHosts)
    {
        if (url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return Invalid($"url must be an absolute https URL of at most {MaxUrlLength} characters.");
        }
        if (uri.Scheme is not ("https" or "http"))
        {
            return Invalid($"The scheme '{uri.Scheme}' is not allowed; use https.");
        }
        if (uri.UserInfo.Length > 0)
        {
            return Invalid("url must not carry a user name or password; receivers check the signature instead.");
        }
        if (uri.Scheme == "http" && !UpstreamUrlPolicy.IsAllowListed(uri, allowedHosts))
        {
            return Invalid("Webhook URLs use https; plain http is accepted only for hosts on the AllowedUpstreamHosts allow-list.");
        }

        var check = UpstreamUrlPolicy.CheckUrl(uri, allowedHosts);
        return check.IsAllowed ? null : new FieldError("url", ValidationCodes.ForbiddenHost, check.Reason!.Replace("upstream URLs", "webhook URLs", StringComparison.Ordinal));
    }

    private static FieldError Invalid(string message) => new("url", ValidationCodes.Invalid, message);
}
