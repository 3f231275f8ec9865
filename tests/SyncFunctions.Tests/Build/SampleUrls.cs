using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace SyncFunctions.Tests.Build;

/// <summary>Concrete URL paths for route templates: each parameter gets the first sample value its inline constraints accept.</summary>
internal static class SampleUrls
{
    public static string For(string template, IInlineConstraintResolver resolver) =>
        string.Join('/', TemplateParser.Parse(template).Segments.Select(segment =>
            string.Concat(segment.Parts.Select(part => part.IsParameter ? Value(template, part, resolver) : part.Text))));

    // A parameter standing for a literal segment accepts only its own name, so the name is a candidate.
    private static string Value(string template, TemplatePart parameter, IInlineConstraintResolver resolver)
    {
        var name = parameter.Name!;
        var constraints = parameter.InlineConstraints
            .Select(c => resolver.ResolveConstraint(c.Constraint) ?? throw new InvalidOperationException($"'{template}': constraint '{c.Constraint}' does not resolve."))
            .ToList();
        string[] candidates = ["sample", name, "1", "00000000-0000-0000-0000-000000000001", "true", "2000-01-01"];
        return candidates.FirstOrDefault(value =>
                constraints.All(c => c.Match(null, null, name, new RouteValueDictionary { [name] = value }, RouteDirection.IncomingRequest)))
            ?? throw new InvalidOperationException($"'{template}': no sample value satisfies the constraints of {{{name}}}.");
    }
}
