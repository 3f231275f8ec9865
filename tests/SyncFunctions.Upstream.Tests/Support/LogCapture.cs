using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SyncFunctions.Upstream.Tests.Support;

/// <summary>Every log line of every category, at every level, so tests can look for leaked secrets.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> _lines = new();

    public IReadOnlyList<(string Category, LogLevel Level, string Message)> Lines => [.. _lines];

    public IEnumerable<string> Messages => _lines.Select(l => l.Message);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string)> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            // Structured values too: a secret could hide in a property the message template leaves out.
            if (state is IEnumerable<KeyValuePair<string, object?>> properties)
            {
                message += " | " + string.Join(" ", properties.Select(p => $"{p.Key}={p.Value}"));
            }
            if (exception is not null)
            {
                message += " | " + exception;
            }
            lines.Enqueue((category, logLevel, message));
        }
    }
}
