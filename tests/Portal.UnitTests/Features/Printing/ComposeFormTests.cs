using Portal.Features.Printing;

namespace Portal.UnitTests.Features.Printing;

/// <summary>The print form: its messages before anything is sent, its submission key, and a print from the page.</summary>
public sealed class ComposeFormTests : PortalComponentContext
{
    private static readonly IStringLocalizer L = new StringLocalizer<ComposeFormTests>(new PortalStringLocalizerFactory());
    private ServiceHarness harness = default!;

    public override async Task InitializeAsync() => harness = await ServiceHarness.CreateAsync(withSandbox: true);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await harness.DisposeAsync();
    }

    [Fact]
    public void An_empty_form_names_each_missing_part()
    {
        var errors = new PrintForm().Validate(L);

        Assert.Equal(["Choose at least one printer.", "The receipt is empty. Write something to print."], errors.All);
    }

    [Fact]
    public void Placeholders_without_a_value_copies_out_of_range_and_too_long_receipts_are_named()
    {
        var form = WithPrinter();
        form.SetContent("Order {order_no} {total}" + new string('x', PrintInputRules.MaxContentLength));
        form.SetValue("order_no", "A1");
        form.SetCopies(12);

        var errors = form.Validate(L);

        Assert.Equal("Fill in these placeholders or take them out of the receipt: {total}", errors.Placeholders);
        Assert.Equal("Copies must be between 1 and 9.", errors.Copies);
        Assert.StartsWith("The receipt is 32", errors.Content);
        Assert.EndsWith("characters long; the platform accepts at most 32767.", errors.Content);
    }

    [Theory]
    [InlineData("", "Enter the address of the picture to print.")]
    [InlineData("ftp://example.com/a.png", "The picture address must be a web address starting with http:// or https://.")]
    [InlineData("logo.png", "The picture address must be a web address starting with http:// or https://.")]
    [InlineData("https://example.com/logo.png", null)]
    public void A_picture_needs_a_web_address(string url, string? message)
    {
        var form = WithPrinter();
        form.SetKind(PrintJobKind.Picture);
        form.SetPictureUrl(url);

        Assert.Equal(message, form.Validate(L).Picture);
        Assert.Null(form.Validate(L).Content);
    }

    [Fact]
    public void The_submission_key_changes_with_every_edit_and_after_a_print_but_not_otherwise()
    {
        var form = WithPrinter();
        form.SetContent("Hello");
        var key = form.SubmissionKey;

        Assert.Equal(key, form.ToRequest().SubmissionKey);
        Assert.Equal(key, form.ToRequest().SubmissionKey);
        Assert.Matches("^[0-9a-f]{32}$", key);
        form.SetCopies(2);
        Assert.NotEqual(key, form.SubmissionKey);
        var afterEdit = form.SubmissionKey;
        form.Submitted();
        Assert.NotEqual(afterEdit, form.SubmissionKey);
    }

    [Fact]
    public void The_request_carries_the_filled_receipt_and_one_copy_for_a_picture()
    {
        var form = WithPrinter();
        form.SetContent("No. {order_no}");
        form.SetValue("order_no", "A1024");
        form.SetCopies(3);

        var text = form.ToRequest();
        form.SetKind(PrintJobKind.Picture);
        form.SetPictureUrl("  https://example.com/logo.png ");
        var picture = form.ToRequest();

        Assert.Equal(("No. A1024", 3, PrintJobKind.Text), (text.Content, text.Copies, text.Kind));
        Assert.Equal(("https://example.com/logo.png", 1, PrintJobKind.Picture), (picture.Content, picture.Copies, picture.Kind));
    }

    [Fact]
    public async Task The_page_shows_the_messages_when_print_is_pressed_and_sends_nothing()
    {
        var (owner, tenant) = await harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        await harness.ConnectByConsentAsync(owner);
        var cut = RenderPrintPage();

        cut.WaitForElement("[data-testid=print-submit]").Click();

        // The click's handler runs asynchronously; on a slower database the messages render a moment later.
        var messages = cut.WaitForElement("[data-testid=print-errors]").TextContent;
        Assert.Contains("Choose at least one printer.", messages);
        Assert.Contains("The receipt is empty. Write something to print.", messages);
        Assert.Empty(cut.FindAll("[data-testid=print-results]"));
        Assert.Equal(0, harness.Sandbox!.PrintCalls());
        Assert.DoesNotContain("print.submitted", await harness.AuditActionsAsync(tenant));
    }

    [Fact]
    public async Task A_printer_chosen_by_its_button_prints_the_filled_template_and_links_to_the_job()
    {
        var (owner, _) = await harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var (printerId, machineCode) = await harness.ConnectByConsentAsync(owner);
        var cut = RenderPrintPage($"print?printer={printerId}&builtin=queue");

        cut.WaitForElement("[data-testid=printer-picker-chip]");
        foreach (var (name, value) in new[] { ("shop", "Golden Bowl"), ("queue_no", "A042"), ("waiting", "3") })
        {
            cut.Find($"[data-testid=print-placeholder-{name}]").Input(value);
        }

        cut.Find("[data-testid=print-submit]").Click();

        var result = cut.WaitForElement("[data-testid=print-result]");
        Assert.Equal("success", result.GetAttribute("data-outcome"));
        var jobId = Guid.Parse(cut.Find("[data-testid=print-result-link]").GetAttribute("href")!["print/jobs/".Length..]);
        var job = await harness.LoadJobAsync((await harness.Get<CallerAccessor>().GetAsync())!.TenantId!.Value, jobId);
        Assert.Equal(printerId, job.PrinterId);
        Assert.Contains("<FS2><center>A042</center></FS2>", job.Content);
        Assert.DoesNotContain("{", job.Content);
        Assert.Equal(job.Content, Assert.Single(harness.Sandbox!.Admin.Jobs(machineCode)).Content);
    }

    [Fact]
    public async Task An_unsent_receipt_kept_by_the_browser_comes_back_until_it_is_discarded_or_printed()
    {
        var (owner, tenant) = await harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var (printerId, _) = await harness.ConnectByConsentAsync(owner);
        var drafts = JSInterop.SetupModule("./js/markup-draft.js");
        var key = $"portal.print-draft.{owner}.{tenant}";
        drafts.Setup<string?>("restore", i => Equals(i.Arguments[0], key)).SetResult("<FB>Golden Bowl</FB>");
        var keep = drafts.SetupVoid("keep", _ => true);
        keep.SetVoidResult();
        var discard = drafts.SetupVoid("discard", _ => true);
        discard.SetVoidResult();
        var printed = drafts.SetupVoid("settled", _ => true);
        printed.SetVoidResult();

        var cut = RenderPrintPage($"print?printer={printerId}");

        cut.WaitForElement("[data-testid=print-draft-restored]");
        Assert.Equal("<FB>Golden Bowl</FB>", cut.Find("[data-testid=print-content]").GetAttribute("value"));
        Assert.Equal(key, keep.Invocations.Single().Arguments[0]);

        // Printed: no longer a draft.
        cut.Find("[data-testid=print-submit]").Click();
        cut.WaitForElement("[data-testid=print-result]");
        Assert.Equal([key], printed.Invocations.Select(i => i.Arguments[0]));
        Assert.Empty(cut.FindAll("[data-testid=print-draft-restored]"));
        Assert.Empty(discard.Invocations);
    }

    [Fact]
    public async Task A_restored_draft_can_be_discarded()
    {
        var (owner, _) = await harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var drafts = JSInterop.SetupModule("./js/markup-draft.js");
        drafts.Setup<string?>("restore", _ => true).SetResult("an old draft");
        var discard = drafts.SetupVoid("discard", _ => true);
        discard.SetVoidResult();
        var cut = RenderPrintPage();

        await cut.WaitForElement("[data-testid=print-draft-discard]").ClickAsync(new());

        Assert.Equal("", cut.Find("[data-testid=print-content]").GetAttribute("value") ?? "");
        Assert.Empty(cut.FindAll("[data-testid=print-draft-restored]"));
        Assert.Single(discard.Invocations);
    }

    [Fact]
    public async Task Text_typed_while_the_browser_looks_for_a_draft_is_kept()
    {
        var (owner, _) = await harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var drafts = JSInterop.SetupModule("./js/markup-draft.js");
        var restore = drafts.Setup<string?>("restore", _ => true);
        var cut = RenderPrintPage();
        cut.WaitForAssertion(() => Assert.Single(restore.Invocations));

        // The person types before the browser has answered; the editor's id goes along, for the browser's own check.
        cut.Find("[data-testid=print-content]").Input("<FB>Typed first</FB>");
        restore.SetResult("an old draft");

        cut.WaitForAssertion(() => Assert.Equal("<FB>Typed first</FB>", cut.Find("[data-testid=print-content]").GetAttribute("value")));
        Assert.Equal(cut.Find("[data-testid=print-content]").Id, restore.Invocations.Single().Arguments[1]);
        Assert.Empty(cut.FindAll("[data-testid=print-draft-restored]"));
    }

    [Fact]
    public async Task A_template_asked_for_in_the_address_wins_over_a_draft()
    {
        await harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var drafts = JSInterop.SetupModule("./js/markup-draft.js");
        var restore = drafts.Setup<string?>("restore", _ => true);
        restore.SetResult("an old draft");
        var keep = drafts.SetupVoid("keep", _ => true);
        keep.SetVoidResult();

        var cut = RenderPrintPage("print?builtin=queue");

        cut.WaitForAssertion(() => Assert.Single(keep.Invocations));
        Assert.Contains("{queue_no}", cut.Find("[data-testid=print-content]").GetAttribute("value"));
        Assert.Empty(restore.Invocations);
        Assert.Empty(cut.FindAll("[data-testid=print-draft-restored]"));
    }

    [Fact]
    public async Task A_templates_unsaved_changes_come_back_and_can_be_discarded()
    {
        var (owner, tenant) = await harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        harness.SignIn(owner);
        var saved = (await harness.Get<ReceiptTemplateService>().SaveAsync(new ReceiptTemplateInput { Name = "Queue", Content = "<FB>Saved</FB>" })).Value;
        var drafts = JSInterop.SetupModule("./js/markup-draft.js");
        drafts.Setup<string?>("restore", i => Equals(i.Arguments[0], $"portal.template-draft.{owner}.{tenant}.{saved}")).SetResult("<FB>Edited</FB>");
        var keep = drafts.SetupVoid("keep", _ => true);
        keep.SetVoidResult();
        var discard = drafts.SetupVoid("discard", _ => true);
        discard.SetVoidResult();
        Services.AddSingleton(harness.Get<CallerAccessor>());
        Services.AddSingleton(harness.Get<ReceiptTemplateService>());
        Render<MudPopoverProvider>();

        var cut = Render<TemplatesEdit>(p => p.Add(c => c.TemplateId, saved));

        cut.WaitForElement("[data-testid=template-draft-restored]");
        Assert.Equal("<FB>Edited</FB>", cut.Find("[data-testid=template-content]").GetAttribute("value"));
        // The saved content is not a draft: the browser drops the draft when the text is back to it.
        Assert.Equal("<FB>Saved</FB>", keep.Invocations.Single().Arguments[2]);

        await cut.Find("[data-testid=template-draft-discard]").ClickAsync(new());

        Assert.Equal("<FB>Saved</FB>", cut.Find("[data-testid=template-content]").GetAttribute("value"));
        Assert.Empty(cut.FindAll("[data-testid=template-draft-restored]"));
        Assert.Single(discard.Invocations);
    }

    private IRenderedComponent<PrintPage> RenderPrintPage(string address = "print")
    {
        Services.AddSingleton(harness.Get<CallerAccessor>());
        Services.AddSingleton(harness.Get<PrinterQueries>());
        Services.AddSingleton(harness.Get<PrintJobSubmitter>());
        Services.AddSingleton(harness.Get<ReceiptTemplateService>());
        Services.AddSingleton<TimeProvider>(harness.Clock);
        Services.GetRequiredService<NavigationManager>().NavigateTo(address);
        Render<MudPopoverProvider>();
        return Render<PrintPage>();
    }

    private static PrintForm WithPrinter()
    {
        var form = new PrintForm();
        form.SetPrinters([new PrinterRow(Guid.NewGuid(), "Kitchen", "4004000001", PrinterConnectionKind.Authorized, PrinterOnlineState.Online,
            PrinterTokenBadge.Active, null, 0)]);
        return form;
    }
}
