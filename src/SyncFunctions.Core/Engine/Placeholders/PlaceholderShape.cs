namespace SyncFunctions.Core.Engine.Placeholders;

/// <summary>Whether a placeholder has a shape any context could resolve, before knowing a particular job.</summary>
public static class PlaceholderShape
{
    /// <summary>Null when well-formed; otherwise why no context can ever resolve <paramref name="reference"/>.</summary>
    public static string? Problem(PlaceholderReference reference)
    {
        var n = reference.Segments.Count;
        return reference.Root switch
        {
            PlaceholderRoots.Args when n >= 2 => null,
            PlaceholderRoots.Args => $"{reference.Text} needs an argument name: {{{{args.<name>}}}}.",
            PlaceholderRoots.Resources when n >= 3 => null,
            PlaceholderRoots.Resources => $"{reference.Text} needs a parent resource and a field: {{{{resources.<parent with dots>.<field>}}}}, e.g. {{{{resources.crm.contacts.id}}}}.",
            PlaceholderRoots.Account when n == 2 => null,
            PlaceholderRoots.Account => $"{reference.Text} must be {{{{account.<variable>}}}}.",
            PlaceholderRoots.PreviousRunDate or PlaceholderRoots.Id when n == 1 => null,
            PlaceholderRoots.PreviousRunDate or PlaceholderRoots.Id => $"{reference.Text} takes no field: write {{{{{reference.Root}}}}}.",
            _ => $"{reference.Text} is not something placeholders can read; use args.…, resources.….…, account.…, previous_run_date or id.",
        };
    }
}
