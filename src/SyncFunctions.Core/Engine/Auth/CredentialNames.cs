namespace SyncFunctions.Core.Engine.Auth;

/// <summary>Keys of an integrated account's credentials dictionary.</summary>
public static class CredentialNames
{
    public const string Token = "token";
    public const string ApiKey = "api_key";
    public const string Username = "username";
    public const string Password = "password";
    public const string ClientId = "client_id";
    public const string ClientSecret = "client_secret";

    /// <summary>oauth2_client_credentials: the current access token, obtained by the HTTP adapter from the token endpoint.</summary>
    public const string AccessToken = "access_token";
}
