using SyncFunctions.Core.Errors;

namespace SyncFunctions.Core.DeviceSync;

/// <summary>The device's identity, sent by Base clients in <c>X-Basecrm-Device-UUID</c> on every sync request.</summary>
public static class DeviceUuid
{
    public const string Header = "X-Basecrm-Device-UUID";

    /// <summary>The UUID in one canonical form (lowercase, hyphenated); 400 when missing or not a UUID.</summary>
    public static string Parse(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            throw new ApiException(ProblemKind.Invalid, DeviceSyncErrorCodes.InvalidDeviceUuid, "The device UUID is missing.", $"Send the device's UUID in the {Header} header.", Header);
        }

        var value = raw.Trim();
        if (!Guid.TryParseExact(value, "D", out var uuid) && !Guid.TryParseExact(value, "N", out uuid))
        {
            throw new ApiException(ProblemKind.Invalid, DeviceSyncErrorCodes.InvalidDeviceUuid, "The device UUID is not valid.", $"{Header} must be a UUID such as 123e4567-e89b-12d3-a456-426614174000.", Header);
        }

        return uuid.ToString("D");
    }
}

/// <summary>Stable error codes of the device sync routes.</summary>
public static class DeviceSyncErrorCodes
{
    public const string InvalidDeviceUuid = "invalid_device_uuid";
    public const string TooManySessions = "too_many_sessions";
    public const string SessionBusy = "session_busy";
}
