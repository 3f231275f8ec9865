namespace SyncFunctions.Core.Concurrency;

/// <summary>Thrown by stores when an optimistic-concurrency check (an ETag) fails: someone else changed the entity first.</summary>
public sealed class ConcurrencyException() : Exception("The entity was changed by someone else.");
