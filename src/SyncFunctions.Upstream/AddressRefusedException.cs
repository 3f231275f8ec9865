namespace SyncFunctions.Upstream;

/// <summary>Thrown from the connect callback when every address of a host is refused by the SSRF policy; never retried.</summary>
internal sealed class AddressRefusedException(string message) : Exception(message);
