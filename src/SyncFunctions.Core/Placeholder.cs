namespace SyncFunctions.Core; public static class Placeholder { }
