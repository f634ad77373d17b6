namespace Portal.Data;

internal static class DataPlaceholder;
