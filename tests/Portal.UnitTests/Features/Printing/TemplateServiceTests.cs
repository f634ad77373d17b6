using Portal.Features.Printing;

namespace Portal.UnitTests.Features.Printing;

/// <summary>ReceiptTemplateService over the test database: save, rename, unique names, delete, audit, and one company per template.</summary>
public sealed class TemplateServiceTests : HarnessTests
{
    [Fact]
    public async Task A_template_is_saved_listed_opened_and_audited()
    {
        var (owner, tenant) = await Harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var templates = Harness.Get<ReceiptTemplateService>();

        var saved = await templates.SaveAsync(new ReceiptTemplateInput { Name = "  Kitchen  ", Content = "<FB>Table {table}</FB>\n{note}", Paper = PaperWidth.Mm80 });

        Assert.True(saved.Succeeded, saved.Error);
        var listed = Assert.Single((await templates.ListAsync()).Value!);
        Assert.Equal(("Kitchen", PaperWidth.Mm80, "Alpha Noodles owner"), (listed.Name, listed.Paper, listed.UpdatedByName));
        Assert.Equal(["table", "note"], listed.Placeholders);
        var opened = (await templates.GetAsync(saved.Value)).Value!;
        Assert.Equal("<FB>Table {table}</FB>\n{note}", opened.Content);
        var audit = await AuditAsync(Harness, tenant);
        Assert.Equal([("template.saved", "Kitchen", "created")], audit);
    }

    [Fact]
    public async Task Saving_with_an_id_updates_and_renames_the_template()
    {
        var (_, tenant) = await Harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var templates = Harness.Get<ReceiptTemplateService>();
        var id = (await templates.SaveAsync(new ReceiptTemplateInput { Name = "Kitchen", Content = "old" })).Value;
        Harness.Clock.Advance(TimeSpan.FromMinutes(5));

        var renamed = await templates.SaveAsync(new ReceiptTemplateInput { Id = id, Name = "Kitchen ticket", Content = "new" });

        Assert.True(renamed.Succeeded, renamed.Error);
        Assert.Equal(id, renamed.Value);
        var template = (await templates.GetAsync(id)).Value!;
        Assert.Equal(("Kitchen ticket", "new", Harness.Clock.GetUtcNow()), (template.Name, template.Content, template.UpdatedAt));
        Assert.Single((await templates.ListAsync()).Value!);
        Assert.Contains(("template.saved", "Kitchen ticket", "renamed from \"Kitchen\""), await AuditAsync(Harness, tenant));
    }

    [Fact]
    public async Task A_name_is_unique_within_the_company_whatever_its_case_but_free_in_another()
    {
        var (alpha, _) = await Harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var (beta, _) = await Harness.AddCompanyAsync("owner@b.test", "Beta Tea");
        Harness.SignIn(alpha);
        var first = await Harness.Get<ReceiptTemplateService>().SaveAsync(new ReceiptTemplateInput { Name = "Takeaway", Content = "a" });
        var other = await Harness.Get<ReceiptTemplateService>().SaveAsync(new ReceiptTemplateInput { Name = "Other", Content = "b" });

        var duplicate = await Harness.Get<ReceiptTemplateService>().SaveAsync(new ReceiptTemplateInput { Name = "TAKEAWAY", Content = "c" });
        var renamedOntoIt = await Harness.Get<ReceiptTemplateService>().SaveAsync(new ReceiptTemplateInput { Id = other.Value, Name = "takeaway", Content = "b" });
        var keepsItsOwnName = await Harness.Get<ReceiptTemplateService>().SaveAsync(new ReceiptTemplateInput { Id = first.Value, Name = "Takeaway", Content = "a2" });
        Harness.SignIn(beta);
        var elsewhere = await Harness.Get<ReceiptTemplateService>().SaveAsync(new ReceiptTemplateInput { Name = "Takeaway", Content = "d" });

        Assert.False(duplicate.Succeeded);
        Assert.Equal("A template named \"TAKEAWAY\" already exists. Choose another name, or open that template to change it.", duplicate.Error);
        Assert.False(renamedOntoIt.Succeeded);
        Assert.True(keepsItsOwnName.Succeeded, keepsItsOwnName.Error);
        Assert.True(elsewhere.Succeeded, elsewhere.Error);
    }

    [Theory]
    [InlineData("", "x", "Give the template a name.")]
    [InlineData("   ", "x", "Give the template a name.")]
    [InlineData("Empty", "", "The template is empty; write the receipt first.")]
    public async Task Bad_input_gets_a_clear_message_and_nothing_is_stored(string name, string content, string message)
    {
        var (_, tenant) = await Harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");

        var result = await Harness.Get<ReceiptTemplateService>().SaveAsync(new ReceiptTemplateInput { Name = name, Content = content });

        Assert.Equal(message, result.Error);
        await using var db = await Harness.DbFactory.CreateForTenantAsync(tenant);
        Assert.Empty(await db.ReceiptTemplates.ToListAsync());
    }

    [Fact]
    public async Task Too_long_content_and_names_are_refused()
    {
        await Harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var templates = Harness.Get<ReceiptTemplateService>();

        var longContent = await templates.SaveAsync(new ReceiptTemplateInput { Name = "Long", Content = new string('x', ReceiptTemplateInput.MaxContentLength + 1) });
        var longName = await templates.SaveAsync(new ReceiptTemplateInput { Name = new string('n', 101), Content = "x" });

        Assert.Equal("A template holds at most 20,000 characters.", longContent.Error);
        Assert.Equal("A template name has at most 100 characters.", longName.Error);
    }

    [Fact]
    public async Task Deleting_removes_the_template_and_is_audited()
    {
        var (_, tenant) = await Harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var templates = Harness.Get<ReceiptTemplateService>();
        var id = (await templates.SaveAsync(new ReceiptTemplateInput { Name = "Queue", Content = "{queue_no}" })).Value;

        var deleted = await templates.DeleteAsync(id);
        var again = await templates.DeleteAsync(id);

        Assert.True(deleted.Succeeded, deleted.Error);
        Assert.Equal("That template was not found.", again.Error);
        Assert.Empty((await templates.ListAsync()).Value!);
        Assert.Contains(("template.deleted", "Queue", (string?)null), await AuditAsync(Harness, tenant));
    }

    [Fact]
    public async Task Another_company_cannot_list_open_update_or_delete_a_template_by_its_id()
    {
        var (alpha, alphaTenant) = await Harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var (beta, _) = await Harness.AddCompanyAsync("owner@b.test", "Beta Tea");
        Harness.SignIn(alpha);
        var alphaTemplate = (await Harness.Get<ReceiptTemplateService>().SaveAsync(new ReceiptTemplateInput { Name = "Secret recipe", Content = "alpha" })).Value;

        Harness.SignIn(beta);
        var templates = Harness.Get<ReceiptTemplateService>();
        var listed = await templates.ListAsync();
        var opened = await templates.GetAsync(alphaTemplate);
        var updated = await templates.SaveAsync(new ReceiptTemplateInput { Id = alphaTemplate, Name = "Taken over", Content = "beta" });
        var deleted = await templates.DeleteAsync(alphaTemplate);

        Assert.Empty(listed.Value!);
        Assert.Equal("That template was not found.", opened.Error);
        Assert.Equal("That template was not found.", updated.Error);
        Assert.Equal("That template was not found.", deleted.Error);
        Harness.SignIn(alpha);
        var untouched = (await Harness.Get<ReceiptTemplateService>().GetAsync(alphaTemplate)).Value!;
        Assert.Equal(("Secret recipe", "alpha"), (untouched.Name, untouched.Content));
        Assert.DoesNotContain(await AuditAsync(Harness, alphaTenant), entry => entry.Target == "Taken over");
    }

    [Fact]
    public async Task Someone_without_a_company_is_told_to_create_one()
    {
        Harness.SignIn(await Harness.AddUserAsync("lonely@a.test"));

        var result = await Harness.Get<ReceiptTemplateService>().SaveAsync(new ReceiptTemplateInput { Name = "x", Content = "y" });

        Assert.Equal("Create or join a company first.", result.Error);
    }

    private static async Task<List<(string Action, string? Target, string? Detail)>> AuditAsync(ServiceHarness harness, Guid tenantId)
    {
        await using var db = await harness.DbFactory.CreateForTenantAsync(tenantId);
        var entries = await db.AuditEntries.AsNoTracking().Where(a => a.Action.StartsWith("template.")).OrderBy(a => a.Id).ToListAsync();
        return entries.Select(a => (a.Action, a.Target, a.Detail)).ToList();
    }
}
