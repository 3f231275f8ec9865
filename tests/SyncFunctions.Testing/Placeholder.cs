namespace SyncFunctions.Testing; public static class Placeholder { }
