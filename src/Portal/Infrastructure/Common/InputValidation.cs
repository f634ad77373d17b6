namespace Portal.Infrastructure.Common;

/// <summary>Services re-check a form's DataAnnotations, so a caller that skipped the form gets the same messages.</summary>
internal static class InputValidation
{
    /// <summary>Every failed rule's message joined into one sentence, or null when the model is valid.</summary>
    public static string? ErrorsOf(object model)
    {
        var results = new List<ValidationResult>();
        return Validator.TryValidateObject(model, new ValidationContext(model), results, validateAllProperties: true)
            ? null
            : string.Join(" ", results.Select(r => r.ErrorMessage));
    }
}
