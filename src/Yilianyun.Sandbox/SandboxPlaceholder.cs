namespace Yilianyun.Sandbox;

internal static class SandboxPlaceholder;
