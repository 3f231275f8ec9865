using System.Diagnostics;
using System.Globalization;

namespace SyncFunctions.Bench;

/// <summary>CPU time over an interval, in cores: this process (the hub and the demo upstream) and, when its pid is known, Azurite.</summary>
internal readonly record struct CpuUse(double Hub, double? Azurite)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"CPU: hub {Hub:0.00} cores{(Azurite is { } a ? $", Azurite {a:0.00}" : "")}");
}

/// <summary>Samples CPU time at the start of an interval; <see cref="Use"/> says how much was spent since, per second of wall time.</summary>
internal sealed class CpuMeter
{
    /// <summary>Azurite's process (scripts/bench.sh passes it); null: Azurite's CPU is not measured.</summary>
    public static int? AzuritePid { get; set; }

    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly TimeSpan _hub = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly TimeSpan? _azurite = AzuriteTime();

    public CpuUse Use()
    {
        var wall = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        var hub = (Process.GetCurrentProcess().TotalProcessorTime - _hub).TotalSeconds / wall;
        return new CpuUse(hub, AzuriteTime() - _azurite is { } azurite ? azurite.TotalSeconds / wall : null);
    }

    /// <summary>utime + stime of Azurite from /proc (fields 14 and 15, in clock ticks of 1/100 s on Linux).</summary>
    private static TimeSpan? AzuriteTime()
    {
        if (AzuritePid is not { } pid)
        {
            return null;
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / 100.0);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
