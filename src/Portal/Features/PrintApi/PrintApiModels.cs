using System.Text.Json.Serialization;

namespace Portal.Features.PrintApi;

/// <summary>A printer as the print API shows it.</summary>
/// <param name="OnlineState"><c>online</c>, <c>offline</c>, <c>out_of_paper</c> or <c>unknown</c>, as last checked.</param>
/// <param name="TokenState"><c>active</c>, <c>refresh_failed</c>, <c>needs_reauthorization</c>, <c>limit_reached</c> or <c>revoked</c>.</param>
public sealed record PrintApiPrinter(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("terminal_number")] string TerminalNumber,
    [property: JsonPropertyName("online_state")] string OnlineState,
    [property: JsonPropertyName("online_checked_at")] DateTimeOffset? OnlineCheckedAt,
    [property: JsonPropertyName("token_state")] string TokenState,
    [property: JsonPropertyName("connected_at")] DateTimeOffset ConnectedAt);

/// <summary>A print job as the print API shows it.</summary>
/// <param name="Kind"><c>text</c> (receipt markup) or <c>picture</c> (an image's address).</param>
/// <param name="State"><c>queued</c>, <c>sent</c>, <c>printed</c>, <c>failed</c> or <c>cancelled</c>.</param>
/// <param name="OriginId">The platform's idempotency key of the job (32 hex digits).</param>
public sealed record PrintApiJob(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("printer_id")] Guid PrinterId,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("copies")] int Copies,
    [property: JsonPropertyName("origin_id")] string OriginId,
    [property: JsonPropertyName("platform_order_id")] long? PlatformOrderId,
    [property: JsonPropertyName("failure_reason")] string? FailureReason,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("sent_at")] DateTimeOffset? SentAt,
    [property: JsonPropertyName("finished_at")] DateTimeOffset? FinishedAt);

/// <summary>A page of a list; <see cref="NextCursor"/> asks for the next one and is null on the last.</summary>
public sealed record PrintApiPage<T>(
    [property: JsonPropertyName("data")] IReadOnlyList<T> Data,
    [property: JsonPropertyName("next_cursor")] string? NextCursor);

/// <summary>A receipt or a picture to print.</summary>
/// <param name="Content">
/// For <c>text</c>: receipt markup, as on the portal's print page (up to 32 767 characters). For <c>picture</c>: the
/// http(s) address of the image (PNG or JPG, 384 or 576 dots wide as the paper is), which the platform fetches.
/// </param>
/// <param name="Copies">1 to 9; 1 when left out. A picture prints one copy.</param>
/// <param name="OriginId">
/// The caller's own reference for the receipt (up to 64 characters): a second request with the same one for the same
/// printer answers the first job instead of printing again.
/// </param>
public sealed record PrintApiJobRequest(
    [property: JsonPropertyName("content")] string? Content,
    [property: JsonPropertyName("copies")] int? Copies,
    [property: JsonPropertyName("origin_id")] string? OriginId,
    [property: JsonPropertyName("kind")] string? Kind = null);

/// <summary>What a print API service answers: a value, or the problem to answer instead.</summary>
public sealed record PrintApiAnswer<T>(T? Value, PrintApiProblem? Problem = null, string? Detail = null)
{
    /// <summary>True when the answer repeats an earlier request's job (an idempotent repeat).</summary>
    public bool Repeated { get; init; }

    public static PrintApiAnswer<T> Refuse(PrintApiProblem problem, string detail) => new(default, problem, detail);
}

/// <summary>The API's names of the portal's states: lower case with underscores.</summary>
public static class PrintApiNames
{
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        string.Concat(value.ToString().Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));

    public static bool TryParse<TEnum>(string? name, out TEnum value)
        where TEnum : struct, Enum
    {
        value = Enum.GetValues<TEnum>().FirstOrDefault(v => Of(v) == name);
        return name is not null && Of(value) == name;
    }
}
