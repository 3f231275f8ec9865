using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace SyncFunctions.Testing;

/// <summary>
/// An Azurite (Blob/Queue/Table) server for tests and benchmarks.
/// <para>
/// <see cref="SharedAsync"/> is the one server of the whole test process: it is started lazily on first
/// use and killed (with its process tree) when the process exits. If the environment variable
/// <see cref="ExternalConnectionStringVariable"/> holds a connection string (of an Azurite that is already
/// running, as <c>scripts/test.sh</c> provides), that is used and nothing is started.
/// </para>
/// <para>
/// The Azurite process is the repository's pinned npm package (<c>node_modules/.bin/azurite</c>, installed with
/// <c>npm ci</c> when missing), in-memory, on free loopback ports.
/// </para>
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    /// <summary>Environment variable holding the connection string of an already running Azurite.</summary>
    public const string ExternalConnectionStringVariable = "SYNCFUNCTIONS_TEST_STORAGE";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);
    private const int MaxStartAttempts = 5;

    private static readonly Lazy<Task<AzuriteServer>> Shared =
        new(CreateSharedAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly ConcurrentDictionary<AzuriteServer, byte> Running = new();
    private static int _processExitHooked;

    private readonly OutputLog? _log;
    private readonly bool _isShared;
    private Process? _process;
    private int? _processId;
    private string? _location;
    private int _disposed;

    private AzuriteServer(StorageConnectionString connection, bool isExternal, bool isShared, Process? process, OutputLog? log)
    {
        Connection = connection;
        IsExternal = isExternal;
        _isShared = isShared;
        _process = process;
        _processId = process?.Id;
        _log = log;
    }

    /// <summary>The full storage connection string (devstoreaccount1 with explicit endpoints when started here).</summary>
    public string ConnectionString => Connection.Value;

    /// <summary>The parsed connection string.</summary>
    public StorageConnectionString Connection { get; }

    public Uri BlobEndpoint => Connection.BlobEndpoint;

    public Uri QueueEndpoint => Connection.QueueEndpoint;

    public Uri TableEndpoint => Connection.TableEndpoint;

    /// <summary>True when the server came from <see cref="ExternalConnectionStringVariable"/> and nothing was started.</summary>
    public bool IsExternal { get; }

    /// <summary>The id of the Azurite process, or null for an external server.</summary>
    public int? ProcessId => _processId;

    /// <summary>The last lines Azurite wrote to stdout/stderr (empty for an external server).</summary>
    public string RecentOutput => _log?.ToString() ?? string.Empty;

    /// <summary>
    /// The process-wide server, shared by every test class (and fixture) in this process.
    /// Started once; never dispose it - it is stopped when the process exits.
    /// </summary>
    public static Task<AzuriteServer> SharedAsync() => Shared.Value;

    /// <summary>An external server described by a connection string; starts nothing.</summary>
    public static AzuriteServer FromConnectionString(string connectionString) =>
        new(StorageConnectionString.Parse(connectionString), isExternal: true, isShared: false, process: null, log: null);

    /// <summary>
    /// Starts a dedicated Azurite (in-memory, free loopback ports) that the caller owns and must dispose.
    /// Most tests want <see cref="SharedAsync"/> instead.
    /// </summary>
    public static Task<AzuriteServer> StartAsync(CancellationToken cancellationToken = default) =>
        StartCoreAsync(isShared: false, cancellationToken);

    /// <summary>
    /// Starts a dedicated Azurite that keeps its data on disk in <paramref name="location"/> (free loopback ports), so
    /// that <see cref="ShutDownAsync"/> and <see cref="RestartAsync"/> take storage away and bring it back with its data,
    /// on the same endpoints. The caller owns it and must dispose it.
    /// </summary>
    public static Task<AzuriteServer> StartPersistedAsync(string location, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(location);
        return StartCoreAsync(isShared: false, cancellationToken, location);
    }

    /// <summary>
    /// Stops a persisted server the way an operator would (SIGTERM: Azurite closes its listeners and saves its data),
    /// leaving nothing listening on its ports until <see cref="RestartAsync"/>.
    /// </summary>
    public async Task ShutDownAsync(CancellationToken cancellationToken = default)
    {
        var process = _process ?? throw new InvalidOperationException("This Azurite was not started here.");
        if (_location is null)
        {
            throw new InvalidOperationException("Only a persisted Azurite (StartPersistedAsync) can be shut down and restarted without losing its data.");
        }

        const string Closed = "Azurite Table service successfully closed";
        var closedBefore = CountOccurrences(RecentOutput, Closed);
        if (!process.HasExited && (OperatingSystem.IsWindows() || SignalProcess(process.Id, SigTerm) != 0))
        {
            // No SIGTERM to send (Windows), or it could not be sent: a hard stop, which may lose unsaved writes.
            process.Kill(entireProcessTree: true);
        }

        // Azurite saves and closes every service, then stays alive on the watchdog's stdin: once the tables are closed
        // (the last service to close), its data is on disk and the process is ended.
        var waited = Stopwatch.StartNew();
        while (!process.HasExited && CountOccurrences(RecentOutput, Closed) == closedBefore)
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(30))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"Azurite did not shut down within 30 s after SIGTERM.{Environment.NewLine}{RecentOutput}");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>Starts Azurite again after <see cref="ShutDownAsync"/>: same ports, same data.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        if (_process is not { HasExited: true } old || _location is null || _log is null)
        {
            throw new InvalidOperationException("Restart a persisted Azurite after ShutDownAsync.");
        }

        old.Dispose();
        var root = FindRepositoryRoot();
        var ports = new[] { BlobEndpoint.Port, QueueEndpoint.Port, TableEndpoint.Port };
        var process = Launch(root, ports[0], ports[1], ports[2], _log, _location);
        _process = process;
        _processId = process.Id;
        var outcome = await WaitUntilListeningAsync(process, _log, ports, cancellationToken).ConfigureAwait(false);
        if (outcome != StartOutcome.Ready)
        {
            throw new InvalidOperationException($"Azurite did not restart on {string.Join('/', ports)} ({outcome}).{Environment.NewLine}{RecentOutput}");
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SignalProcess(int pid, int signal);

    private const int SigTerm = 15;

    /// <summary>Kills the Azurite process tree (no-op for external servers and for the shared server).</summary>
    public ValueTask DisposeAsync()
    {
        if (!_isShared)
        {
            Stop();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Walks up from the test binaries to the folder holding SyncFunctions.sln.</summary>
    public static string FindRepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SyncFunctions.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException(
            $"Cannot find the repository root (a folder holding SyncFunctions.sln) above '{AppContext.BaseDirectory}'. " +
            $"Run the tests from the repository, or set {ExternalConnectionStringVariable} to the connection string of a running Azurite.");
    }

    private static Task<AzuriteServer> CreateSharedAsync()
    {
        var external = Environment.GetEnvironmentVariable(ExternalConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            return Task.FromResult(new AzuriteServer(
                StorageConnectionString.Parse(external.Trim()), isExternal: true, isShared: true, process: null, log: null));
        }

        return StartCoreAsync(isShared: true, CancellationToken.None);
    }

    private static async Task<AzuriteServer> StartCoreAsync(bool isShared, CancellationToken cancellationToken, string? location = null)
    {
        var root = FindRepositoryRoot();
        await EnsureInstalledAsync(root, cancellationToken).ConfigureAwait(false);

        var failures = new StringBuilder();
        for (var attempt = 1; attempt <= MaxStartAttempts; attempt++)
        {
            var (blobPort, queuePort, tablePort) = FreeLoopbackPorts();
            var connection = StorageConnectionString.ForAzurite(blobPort, queuePort, tablePort);
            var log = new OutputLog();
            var process = Launch(root, blobPort, queuePort, tablePort, log, location);
            var server = new AzuriteServer(connection, isExternal: false, isShared, process, log) { _location = location };
            Track(server);

            try
            {
                var outcome = await WaitUntilListeningAsync(process, log, [blobPort, queuePort, tablePort], cancellationToken).ConfigureAwait(false);
                if (outcome == StartOutcome.Ready)
                {
                    return server;
                }

                var exitCode = outcome == StartOutcome.TimedOut ? null : SafeExitCode(process);
                var output = server.StopAndCollectOutput();
                if (outcome == StartOutcome.PortTaken && attempt < MaxStartAttempts)
                {
                    // Another process took one of the ports between our probe and Azurite's bind: new ports, again.
                    failures.AppendLine(CultureInvariant($"attempt {attempt}: port in use ({blobPort}/{queuePort}/{tablePort}), retrying"));
                    continue;
                }

                var reason = outcome == StartOutcome.TimedOut
                    ? $"did not accept connections on 127.0.0.1:{blobPort}/{queuePort}/{tablePort} within {StartTimeout.TotalSeconds:0} s"
                    : $"exited with code {exitCode} before listening on 127.0.0.1:{blobPort}/{queuePort}/{tablePort}";
                throw new InvalidOperationException(
                    $"Azurite {reason}.{Environment.NewLine}{failures}" +
                    $"Command: {Describe(process.StartInfo)}{Environment.NewLine}" +
                    $"Azurite output (stdout+stderr):{Environment.NewLine}{(output.Length == 0 ? "<none>" : output)}");
            }
            catch
            {
                server.Stop();
                throw;
            }
        }

        throw new InvalidOperationException($"Azurite could not start.{Environment.NewLine}{failures}");
    }

    private enum StartOutcome
    {
        Ready,
        PortTaken,
        Exited,
        TimedOut,
    }

    private static async Task<StartOutcome> WaitUntilListeningAsync(Process process, OutputLog log, int[] ports, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        var pending = new List<int>(ports);
        while (elapsed.Elapsed < StartTimeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                process.WaitForExit(); // flush the redirected output into the log
                return log.ToString().Contains("EADDRINUSE", StringComparison.Ordinal) ? StartOutcome.PortTaken : StartOutcome.Exited;
            }

            for (var i = pending.Count - 1; i >= 0; i--)
            {
                if (await AcceptsConnectionAsync(pending[i], cancellationToken).ConfigureAwait(false))
                {
                    pending.RemoveAt(i);
                }
            }

            if (pending.Count == 0)
            {
                // Listening on all three. A port taken by someone else would have made Azurite exit; check once more.
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
                if (!process.HasExited)
                {
                    return StartOutcome.Ready;
                }

                pending.AddRange(ports);
                continue;
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        return StartOutcome.TimedOut;
    }

    private static async Task<bool> AcceptsConnectionAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient(AddressFamily.InterNetwork);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static (int Blob, int Queue, int Table) FreeLoopbackPorts()
    {
        // All three listeners are open at once so the OS hands out three different ports.
        var listeners = new[]
        {
            new TcpListener(IPAddress.Loopback, 0),
            new TcpListener(IPAddress.Loopback, 0),
            new TcpListener(IPAddress.Loopback, 0),
        };
        try
        {
            foreach (var listener in listeners)
            {
                listener.Start();
            }

            var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
            return (ports[0], ports[1], ports[2]);
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }

    private static Process Launch(string root, int blobPort, int queuePort, int tablePort, OutputLog log, string? location = null)
    {
        var psi = new ProcessStartInfo(AzuriteExecutable(root))
        {
            // In-memory (unless a location is given): Azurite writes nothing to disk, but keep it out of the repository regardless.
            WorkingDirectory = Path.GetTempPath(),
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true, // held open by us; see azurite-watchdog.js
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
                 {
                     "--skipApiVersionCheck", "--disableTelemetry",
                     "--blobHost", "127.0.0.1", "--blobPort", Invariant(blobPort),
                     "--queueHost", "127.0.0.1", "--queuePort", Invariant(queuePort),
                     "--tableHost", "127.0.0.1", "--tablePort", Invariant(tablePort),
                 })
        {
            psi.ArgumentList.Add(arg);
        }

        if (location is null)
        {
            psi.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            // No access log: the output keeps the lines ShutDownAsync waits for.
            psi.ArgumentList.Add("--silent");
            psi.ArgumentList.Add("--location");
            psi.ArgumentList.Add(location);
        }

        var watchdog = Path.Combine(root, "tests", "SyncFunctions.Testing", "Azurite", "azurite-watchdog.js");
        if (File.Exists(watchdog))
        {
            var existing = Environment.GetEnvironmentVariable("NODE_OPTIONS");
            psi.Environment["NODE_OPTIONS"] = $"{existing} --require \"{watchdog}\"".Trim();
            psi.Environment["SYNCFUNCTIONS_AZURITE_WATCHDOG"] = "1";
        }

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => log.Add(e.Data);
        process.ErrorDataReceived += (_, e) => log.Add(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            process.Dispose();
            throw new InvalidOperationException(
                $"Could not start Azurite ({psi.FileName}): {ex.Message}. Is Node.js (18 or later) installed and on PATH?", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string AzuriteExecutable(string root) =>
        Path.Combine(root, "node_modules", ".bin", OperatingSystem.IsWindows() ? "azurite.cmd" : "azurite");

    /// <summary>Runs <c>npm ci</c> in the repository when Azurite is missing; one process at a time.</summary>
    private static async Task EnsureInstalledAsync(string root, CancellationToken cancellationToken)
    {
        if (File.Exists(AzuriteExecutable(root)))
        {
            return;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(root)))[..16];
        var lockPath = Path.Combine(Path.GetTempPath(), $"syncfunctions-npm-ci-{hash}.lock");
        using var fileLock = await AcquireFileLockAsync(lockPath, cancellationToken).ConfigureAwait(false);

        // Another test process may have installed it while we waited for the lock.
        if (File.Exists(AzuriteExecutable(root)))
        {
            return;
        }

        var psi = new ProcessStartInfo(OperatingSystem.IsWindows() ? "npm.cmd" : "npm")
        {
            WorkingDirectory = root,
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add("ci");
        psi.ArgumentList.Add("--no-audit");
        psi.ArgumentList.Add("--no-fund");

        var log = new OutputLog(capacity: 400);
        using var npm = new Process { StartInfo = psi };
        npm.OutputDataReceived += (_, e) => log.Add(e.Data);
        npm.ErrorDataReceived += (_, e) => log.Add(e.Data);
        try
        {
            npm.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"Azurite is not installed ({AzuriteExecutable(root)} is missing) and npm could not be started: {ex.Message}. " +
                "Install Node.js 22+ with npm, then run 'npm ci' in the repository root.", ex);
        }

        npm.BeginOutputReadLine();
        npm.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(InstallTimeout);
        try
        {
            await npm.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            npm.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"'npm ci' in {root} did not finish within {InstallTimeout.TotalMinutes:0} minutes.{Environment.NewLine}{log}");
        }

        if (npm.ExitCode != 0 || !File.Exists(AzuriteExecutable(root)))
        {
            throw new InvalidOperationException(
                $"'npm ci --no-audit --no-fund' in {root} failed (exit code {npm.ExitCode}); Azurite is still missing.{Environment.NewLine}{log}");
        }
    }

    private static async Task<FileStream> AcquireFileLockAsync(string path, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < InstallTimeout)
            {
                await Task.Delay(250, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static void Track(AzuriteServer server)
    {
        Running[server] = 0;
        if (Interlocked.Exchange(ref _processExitHooked, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                foreach (var running in Running.Keys)
                {
                    running.Stop();
                }
            };
        }
    }

    private string StopAndCollectOutput()
    {
        Stop();
        return RecentOutput;
    }

    private void Stop()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0 || _process is null)
        {
            return;
        }

        Running.TryRemove(this, out _);
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            if (_process.WaitForExit(5000))
            {
                _process.WaitForExit(); // and drain the redirected output into the log
            }

            _process.Dispose();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Exiting concurrently; nothing left to kill.
        }
    }

    private static string SafeExitCode(Process process)
    {
        try
        {
            return Invariant(process.ExitCode);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }

    private static string Describe(ProcessStartInfo psi) => $"{psi.FileName} {string.Join(' ', psi.ArgumentList)}";

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string CultureInvariant(FormattableString value) => FormattableString.Invariant(value);

    /// <summary>The last N lines a child process wrote, thread-safe.</summary>
    private sealed class OutputLog(int capacity = 200)
    {
        private readonly Queue<string> _lines = new();

        public void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_lines)
            {
                _lines.Enqueue(line);
                while (_lines.Count > capacity)
                {
                    _lines.Dequeue();
                }
            }
        }

        public override string ToString()
        {
            lock (_lines)
            {
                return string.Join(Environment.NewLine, _lines);
            }
        }
    }
}
