namespace SyncFunctions.DemoUpstream;

/// <summary>
/// Contact <c>c</c> owns notes <c>NotesBefore(c)+1 .. NotesBefore(c+1)</c>. Closed-form sums keep note ids global and
/// deterministic without walking the contacts, so a 1,000,000-contact set costs nothing to address.
/// </summary>
internal sealed class NoteLayout(long contacts, int modulus)
{
    public long Total { get; } = SumOfRemainders(contacts, modulus);

    /// <summary>Notes owned by contacts 1 .. c-1.</summary>
    public long NotesBefore(long contact) => SumOfRemainders(contact - 1, modulus);

    public (long First, long Last) RangeOf(long contact) => (NotesBefore(contact) + 1, NotesBefore(contact + 1));

    /// <summary>Owning contact of a base note, or 0 when the id is outside the base notes.</summary>
    public long ContactOf(long noteId)
    {
        if (noteId < 1 || noteId > Total) return 0;
        long lo = 1, hi = contacts;
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            if (NotesBefore(mid + 1) >= noteId) hi = mid; else lo = mid + 1;
        }
        return lo;
    }

    // Σ_{j=1..n} (j mod m): every full block of m contributes 0+1+…+(m-1), the tail 1+…+r.
    private static long SumOfRemainders(long n, int m)
    {
        if (n <= 0 || m <= 1) return 0;
        long blocks = n / m, tail = n % m;
        return blocks * ((long)m * (m - 1) / 2) + tail * (tail + 1) / 2;
    }
}
