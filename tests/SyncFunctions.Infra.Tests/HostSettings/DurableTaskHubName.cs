using System.Text.RegularExpressions;

namespace SyncFunctions.Infra.Tests.HostSettings;

/// <summary>
/// The task hub names Durable's Azure Storage backend accepts, from Microsoft.Azure.WebJobs.Extensions.DurableTask
/// 3.x (the host-side extension the build puts in .azurefunctions/): AzureStorageOptions.ValidateHubName checks the
/// name as a table name (Storage/NameValidator.cs: <c>^[A-Za-z][A-Za-z0-9]*$</c>, 3 to 63 characters) and, lowercased,
/// as a container and queue name; its error message and the default-name sanitizer (IsSanitizedHubName) give the
/// documented limit: "alphanumeric characters, start with a letter, and have length between 3 and 45". The backend
/// derives <c>{hub}-largemessages</c>, <c>{hub}-leases</c>, <c>{hub}-control-NN</c>, <c>{hub}Instances</c> and more
/// from it (DurableTask.AzureStorage), which is why the limit is well under 63.
/// </summary>
internal static partial class DurableTaskHubName
{
    public const int MinLength = 3;
    public const int MaxLength = 45;

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]*$")]
    private static partial Regex Shape();

    /// <summary>Why Durable would refuse <paramref name="name"/>, or null when it accepts it.</summary>
    public static string? Problem(string name) =>
        !Shape().IsMatch(name) ? $"'{name}' must contain only letters and digits and start with a letter"
        : name.Length is < MinLength or > MaxLength ? $"'{name}' must be {MinLength} to {MaxLength} characters long (it has {name.Length})"
        : null;
}
