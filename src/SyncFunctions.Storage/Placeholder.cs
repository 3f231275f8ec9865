namespace SyncFunctions.Storage; public static class Placeholder { }
