using Portal.Features.Printing;

namespace Portal.UnitTests.Features.Printing;

/// <summary>The toolbar's insertions: at the cursor, around the selection, per line, as table rows, at the job start.</summary>
public sealed class ComposeToolbarTests : PortalComponentContext
{
    public ComposeToolbarTests()
    {
        Services.AddSingleton(TimeProvider.System);
    }

    [Fact]
    public void Wrapping_puts_the_tags_around_the_selection_and_keeps_it_selected()
    {
        var result = MarkupInsertion.Wrap(new MarkupEdit("Total 39.00 paid", 0, 11), "FB", "sample");

        Assert.Equal(new MarkupEdit("<FB>Total 39.00</FB> paid", 4, 15), result);
    }

    [Fact]
    public void Without_a_selection_a_sample_is_inserted_at_the_cursor_and_selected_to_type_over()
    {
        var result = MarkupInsertion.Wrap(new MarkupEdit("ab", 1, 1), "QR", "https://example.com");

        Assert.Equal("a<QR>https://example.com</QR>b", result.Text);
        Assert.Equal("https://example.com", result.Text[result.SelectionStart..result.SelectionEnd]);
    }

    [Fact]
    public void A_backwards_or_out_of_range_selection_from_the_browser_is_put_in_order()
    {
        var result = MarkupInsertion.Wrap(new MarkupEdit("abc", 99, 1), "FB", "x");

        Assert.Equal("a<FB>bc</FB>", result.Text);
    }

    [Fact]
    public void Centering_several_lines_centers_each_line_and_skips_blank_ones()
    {
        var result = MarkupInsertion.WrapEachLine(new MarkupEdit("Shop\n\nWelcome\r\nend", 0, 15), "center", "x");

        Assert.Equal("<center>Shop</center>\n\n<center>Welcome</center>\r\nend", result.Text);
        Assert.Empty(ReceiptLayoutEngine.Layout(result.Text, PaperWidth.Mm58).Warnings);
    }

    [Theory]
    [InlineData("Tea,9.00", 0, 8, "<LR>Tea,9.00</LR>", 4, 12)]
    [InlineData("Tea", 0, 3, "<LR>Tea,</LR>", 8, 8)]
    [InlineData("", 0, 0, "<LR>Total,¥0.00</LR>", 4, 15)]
    public void Left_right_lines_take_the_selection_as_their_parts(string text, int start, int end, string expected, int selectionStart, int selectionEnd)
    {
        Assert.Equal(new MarkupEdit(expected, selectionStart, selectionEnd), MarkupInsertion.LeftRight(new MarkupEdit(text, start, end), "Total", "¥0.00"));
    }

    [Fact]
    public void Selected_lines_become_table_rows_with_the_column_count_on_a_line_of_their_own()
    {
        var result = MarkupInsertion.Table(new MarkupEdit("Items:Tea,1,9.00\nCake\tx2\t12.00\tto go\n", 6, 37), 3, ["h"], ["s"]);

        Assert.Equal("Items:\n<table><tr><td>Tea</td><td>1</td><td>9.00</td></tr>\n<tr><td>Cake</td><td>x2</td><td>12.00 to go</td></tr></table>", result.Text);
        Assert.Empty(ReceiptLayoutEngine.Layout(result.Text, PaperWidth.Mm58).Warnings);
    }

    [Fact]
    public void Without_a_selection_a_table_has_a_header_and_a_sample_row()
    {
        var result = MarkupInsertion.Table(new MarkupEdit("", 0, 0), 4, ["Item", "Price", "Qty", "Sum"], ["Tea", "9.00"]);

        Assert.Equal("<table><tr><td>Item</td><td>Price</td><td>Qty</td><td>Sum</td></tr>\n<tr><td>Tea</td><td>9.00</td><td></td><td></td></tr></table>", result.Text);
        Assert.Equal(result.Text.Length, result.SelectionStart);
    }

    [Fact]
    public void Order_confirmation_goes_on_the_first_line_and_replaces_an_earlier_one()
    {
        var added = MarkupInsertion.AtStart(new MarkupEdit("Order 42", 8, 8), "MC", "1,00030,0");
        var replaced = MarkupInsertion.AtStart(new MarkupEdit(added.Text, 0, 0), "MC", "2,00060,1");

        Assert.Equal("<MC>1,00030,0</MC>\nOrder 42", added.Text);
        Assert.Equal("<MC>2,00060,1</MC>\nOrder 42", replaced.Text);
        Assert.Equal("2,00060,1", replaced.Text[replaced.SelectionStart..replaced.SelectionEnd]);
    }

    [Fact]
    public void A_divider_is_a_line_of_its_own()
    {
        Assert.Equal("Shop\n----\nItems", MarkupInsertion.Line(new MarkupEdit("Shop\nItems", 5, 5), "----").Text);
        Assert.Equal("Shop\n----", MarkupInsertion.Line(new MarkupEdit("Shop", 4, 4), "----").Text);
    }

    [Fact]
    public void The_bold_button_wraps_the_browsers_selection_and_puts_the_selection_back()
    {
        var module = JSInterop.SetupModule("./js/markup-editor.js");
        module.Setup<BrowserSelection?>("selection", _ => true).SetResult(new BrowserSelection("Hello world", 6, 11));
        var select = module.SetupVoid("select", _ => true);
        string? value = null;
        var cut = Render<MarkupEditor>(p => p.Add(x => x.Value, "Hello").Add(x => x.ValueChanged, text => value = text));

        cut.Find("[data-testid=toolbar-bold]").Click();

        Assert.Equal("Hello <FB>world</FB>", value);
        cut.WaitForAssertion(() => Assert.Equal([cut.Instance.EditorId, 10, 15], select.Invocations.Single().Arguments));
    }

    [Theory]
    [InlineData("toolbar-size", "toolbar-size-FS2", "<FS2>Shop</FS2>")]
    [InlineData("toolbar-table", "toolbar-table-3", "<table><tr><td>Shop</td><td></td><td></td></tr></table>")]
    [InlineData("toolbar-barcode", "toolbar-barcode-BR3", "<BR3>Shop</BR3>")]
    public void Menu_entries_insert_their_tag(string menu, string entry, string expected)
    {
        var module = JSInterop.SetupModule("./js/markup-editor.js");
        module.Setup<BrowserSelection?>("selection", _ => true).SetResult(new BrowserSelection("Shop", 0, 4));
        string? value = null;
        var popovers = Render<MudPopoverProvider>();
        var cut = Render<MarkupEditor>(p => p.Add(x => x.Value, "Shop").Add(x => x.ValueChanged, text => value = text));

        cut.Find($"[data-testid={menu}] button").Click();
        popovers.WaitForElement($"[data-testid={entry}]").Click();

        // The entry's handler awaits the browser's selection first: on a loaded machine the change lands a moment later.
        cut.WaitForAssertion(() => Assert.Equal(expected, value));
    }

    [Fact]
    public void Every_operation_names_its_editor_for_the_script_that_holds_keys_typed_during_the_round_trip()
    {
        var module = JSInterop.SetupModule("./js/markup-editor.js");
        var watch = module.SetupVoid("watch");
        var popovers = Render<MudPopoverProvider>();
        var cut = Render<MarkupEditor>();

        string[] operations = ["toolbar-bold", "toolbar-center", "toolbar-right", "toolbar-lr", "toolbar-divider", "toolbar-qr", "toolbar-confirm"];
        Assert.All(operations, id => Assert.Equal(cut.Instance.EditorId, cut.Find($"[data-testid={id}]").GetAttribute("data-markup-op")));
        foreach (var (menu, entries) in new[] { ("toolbar-size", 6), ("toolbar-table", 2), ("toolbar-barcode", 3) })
        {
            // Opening a menu is not an edit: keys then go to the menu.
            Assert.Null(cut.Find($"[data-testid={menu}]").GetAttribute("data-markup-op"));
            cut.Find($"[data-testid={menu}] button").Click();
            popovers.WaitForAssertion(() => Assert.Equal(entries, popovers.FindAll($"[data-testid^={menu}-][data-markup-op='{cut.Instance.EditorId}']").Count));
        }

        Assert.Single(watch.Invocations);
    }

    [Fact]
    public void The_divider_spans_the_paper()
    {
        var module = JSInterop.SetupModule("./js/markup-editor.js");
        module.Setup<BrowserSelection?>("selection", _ => true).SetResult(new BrowserSelection("", 0, 0));
        string? value = null;
        var cut = Render<MarkupEditor>(p => p.Add(x => x.Paper, PaperWidth.Mm80).Add(x => x.ValueChanged, text => value = text));

        cut.Find("[data-testid=toolbar-divider]").Click();

        Assert.Equal(new string('-', 48), value);
    }
}
