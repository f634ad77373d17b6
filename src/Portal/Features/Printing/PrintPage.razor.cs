using Microsoft.AspNetCore.Components;
using Portal.Features.Printers;
using Portal.Infrastructure.Ui;
using Yilianyun.Markup;

namespace Portal.Features.Printing;

/// <summary>
/// The print form: one or several printers, a receipt (markup with placeholders, from a template or a restored draft)
/// or a picture, the copies, and the outcome on each printer. A submission keeps its key while a job is still Queued,
/// so pressing Print again cannot print that receipt twice.
/// </summary>
public partial class PrintPage
{
    [SupplyParameterFromQuery(Name = "printer")] private Guid? PrinterId { get; set; }

    [SupplyParameterFromQuery(Name = "template")] private Guid? TemplateId { get; set; }

    [SupplyParameterFromQuery(Name = "builtin")] private string? BuiltInKey { get; set; }

    private readonly PrintForm form = new();
    private const string EditorId = "print-markup";
    private MarkupDraft? draft;
    private string? draftKey;
    private PrintFormErrors errors = new(null, null, null, null, null);
    private IReadOnlyList<ReceiptTemplateSummary> templates = [];
    private IReadOnlyList<string> placeholders = [];
    private IReadOnlyList<PrintSubmissionItem>? results;
    private string filledContent = "";
    private PaperWidth paper = PaperWidth.Mm58;
    private string? templateName;
    private string? preselectProblem;
    private string? failure;
    private bool loaded;
    private bool hasCompany;
    private bool busy;
    private bool showErrors;
    private bool pictureFailed;

    /// <summary>The picture address, once it is one the preview may load.</summary>
    private string? PictureShown => form.Kind == PrintJobKind.Picture && errors.Picture is null && form.PictureUrl.Trim().Length > 0 ? form.PictureUrl.Trim() : null;

    protected override async Task OnInitializedAsync()
    {
        var caller = await CallerAccessor.GetAsync();
        hasCompany = caller?.HasTenant == true;
        if (hasCompany)
        {
            draftKey = $"portal.print-draft.{caller!.UserId}.{caller.TenantId}";
            templates = (await TemplateService.ListAsync()).Value ?? [];
            await PreselectPrinterAsync();
            if (TemplateId is { } templateId)
            {
                await UseSavedTemplateAsync(templateId);
            }
            else if (BuiltInTemplates.Find(BuiltInKey) is { } builtIn)
            {
                await UseTemplateAsync(builtIn.Name, builtIn.Content, PaperWidth.Mm58);
            }
        }

        Refresh();
        loaded = true;
    }

    private void DraftRestored(string text)
    {
        form.SetContent(text);
        Refresh();
    }

    private void DraftDiscarded()
    {
        form.SetContent("");
        templateName = null;
        Refresh();
    }

    /// <summary><c>/print?printer={id}</c>: the printer's own "Print" button.</summary>
    private async Task PreselectPrinterAsync()
    {
        if (PrinterId is not { } id)
        {
            return;
        }

        var found = await PrinterQueries.GetAsync(id);
        if (found.Value is not { } printer)
        {
            preselectProblem = found.Error;
            return;
        }

        if (!printer.Badge.IsPrintable())
        {
            preselectProblem = printer.Badge == PrinterTokenBadge.Revoked
                ? L["{0} was revoked and cannot print. Connect it again first.", printer.Name]
                : L["{0} must be re-authorized before it can print.", printer.Name];
            return;
        }

        form.SetPrinters([new PrinterRow(printer.Id, printer.Name, printer.MachineCode, printer.ConnectionKind, printer.Online, printer.Badge,
            printer.AccessExpiresAt, printer.RefreshesToday)]);
        if (printer.PaperWidth == "80")
        {
            paper = PaperWidth.Mm80;
        }
    }

    private async Task UseSavedTemplateAsync(Guid templateId)
    {
        var found = await TemplateService.GetAsync(templateId);
        if (found.Value is { } template)
        {
            await UseTemplateAsync(template.Name, template.Content, template.Paper);
        }
        else
        {
            Snackbar.Report(found);
        }
    }

    /// <summary>Puts a template in the editor, asking first when it would replace something else already written.</summary>
    private async Task UseTemplateAsync(string name, string content, PaperWidth templatePaper)
    {
        if (!string.IsNullOrWhiteSpace(form.Content) && form.Content != content)
        {
            var replace = await Dialogs.ShowMessageBoxAsync(L["Use a template"],
                L["Replace what is in the editor with the template \"{0}\"?", name], yesText: L["Replace"], cancelText: L["Cancel"]);
            if (replace != true)
            {
                return;
            }
        }

        form.SetKind(PrintJobKind.Text);
        form.SetContent(content);
        paper = templatePaper;
        templateName = name;
        Refresh();
    }

    private async Task SaveAsTemplateAsync()
    {
        var parameters = new DialogParameters<SaveTemplateDialog>
        {
            { d => d.Content, form.Content },
            { d => d.Paper, paper },
        };
        var dialog = await Dialogs.ShowAsync<SaveTemplateDialog>(L["Save as template"], parameters);
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add(L["Template saved."], Severity.Success);
            templates = (await TemplateService.ListAsync()).Value ?? [];
        }
    }

    private void PrintersChanged(IReadOnlyList<PrinterRow> printers)
    {
        form.SetPrinters(printers);
        Refresh();
    }

    private void KindChanged(int index)
    {
        form.SetKind(index == 1 ? PrintJobKind.Picture : PrintJobKind.Text);
        Refresh();
    }

    private void ContentChanged(string content)
    {
        form.SetContent(content);
        Refresh();
    }

    private void ValueChanged(string name, string? value)
    {
        form.SetValue(name, value);
        Refresh();
    }

    private void PictureUrlChanged(string? url)
    {
        form.SetPictureUrl(url ?? "");
        pictureFailed = false;
        Refresh();
    }

    private void CopiesChanged(int copies)
    {
        form.SetCopies(copies);
        Refresh();
    }

    private void PictureFailed() => pictureFailed = true;

    /// <summary>Re-reads what depends on the form: placeholders, the filled receipt for the preview, the messages.</summary>
    private void Refresh()
    {
        placeholders = ReceiptPlaceholders.Find(form.Content);
        if (placeholders.Contains("time") && form.Values.GetValueOrDefault("time") is null)
        {
            form.SetValue("time", Time.GetLocalNow().ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        }

        filledContent = form.Filled.Content;
        errors = form.Validate(L);
    }

    /// <summary>Field messages appear once the person has tried to print, not while they are still writing.</summary>
    private string? Shown(string? message) => showErrors ? message : null;

    private async Task PrintAsync()
    {
        Refresh();
        showErrors = true;
        failure = null;
        if (errors.Any)
        {
            return;
        }

        busy = true;
        try
        {
            var submitted = await Submitter.SubmitAsync(form.ToRequest());
            if (submitted.Value is { } submission)
            {
                results = submission.Items;
                showErrors = false;
                if (draft is not null && submission.Items.Any(item => item.JobId is not null && item.State != PrintJobState.Failed))
                {
                    await draft.SettledAsync();
                }

                // Printing the same again is now a new submission. While a job is still Queued (its answer was lost)
                // the key stays, so pressing Print again cannot print that receipt twice.
                if (submission.Items.All(item => item.State != PrintJobState.Queued))
                {
                    form.Submitted();
                }
            }
            else
            {
                // The form keeps everything typed; the message says what to change.
                failure = submitted.Error;
            }
        }
        finally
        {
            busy = false;
        }
    }

    private Task BuiltInChosenAsync(BuiltInTemplate builtIn) => UseTemplateAsync(builtIn.Name, builtIn.Content, PaperWidth.Mm58);
}
