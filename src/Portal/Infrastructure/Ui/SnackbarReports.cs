namespace Portal.Infrastructure.Ui;

public static class SnackbarReports
{
    /// <summary>Shows the success text, or the service's own message when it failed.</summary>
    public static void Report(this ISnackbar snackbar, ServiceResult result, string? success = null)
    {
        if (!result.Succeeded)
        {
            snackbar.Add(result.Error ?? "", Severity.Error);
        }
        else if (success is not null)
        {
            snackbar.Add(success, Severity.Success);
        }
    }
}
