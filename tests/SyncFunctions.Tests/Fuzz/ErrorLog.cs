using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SyncFunctions.Tests.Fuzz;

/// <summary>The app's error logs with their exceptions, so a fuzz failure that answered 500 says what threw.</summary>
internal sealed class ErrorLog : ILoggerProvider
{
    private const int Kept = 50;

    private readonly ConcurrentQueue<string> _errors = new();

    public IReadOnlyList<string> Errors => [.. _errors];

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(ErrorLog owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel < LogLevel.Error || owner._errors.Count >= Kept)
            {
                return;
            }

            owner._errors.Enqueue(formatter(state, exception) + (exception is null ? "" : "\n" + exception));
        }
    }
}
