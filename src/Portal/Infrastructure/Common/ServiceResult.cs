namespace Portal.Infrastructure.Common;

/// <summary>
/// What a service hands back to a page: success, or a message already in the caller's language that the page can
/// show as it is. Expected failures (bad input, missing rights, upstream errors) travel this way, never as exceptions.
/// </summary>
public record ServiceResult(bool Succeeded, string? Error)
{
    public static ServiceResult Ok() => new(true, null);

    public static ServiceResult Fail(string message) => new(false, message);
}

public sealed record ServiceResult<T>(bool Succeeded, string? Error, T? Value) : ServiceResult(Succeeded, Error)
{
    public static ServiceResult<T> Ok(T value) => new(true, null, value);

    public static new ServiceResult<T> Fail(string message) => new(false, message, default);
}
