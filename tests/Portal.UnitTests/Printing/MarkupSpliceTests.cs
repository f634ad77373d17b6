using Portal.Components.Pages.Printing;

namespace Portal.UnitTests.Printing;

/// <summary>
/// The toolbar's edits as the browser applies them: only the changed range, so text typed elsewhere while the server
/// computed the edit stays.
/// </summary>
public sealed class MarkupSpliceTests
{
    [Fact]
    public void An_insertion_at_the_cursor_replaces_nothing_and_carries_only_the_snippet()
    {
        var before = new MarkupEdit("Shop\nItems", 5, 5);

        var splice = MarkupSplice.Between(before.Text, MarkupInsertion.Wrap(before, "QR", "https://example.com"));

        Assert.Equal(new MarkupSplice(5, 5, "<QR>https://example.com</QR>", 9, 28), splice);
    }

    [Fact]
    public void Wrapping_a_selection_replaces_the_selection_only()
    {
        var before = new MarkupEdit("Hello world, bye", 6, 11);

        var splice = MarkupSplice.Between(before.Text, MarkupInsertion.Wrap(before, "FB", "x"));

        Assert.Equal(new MarkupSplice(6, 11, "<FB>world</FB>", 10, 15), splice);
    }

    [Fact]
    public void Order_confirmation_is_spliced_in_at_the_start_whatever_the_cursor()
    {
        var before = new MarkupEdit("Order 42", 8, 8);

        var splice = MarkupSplice.Between(before.Text, MarkupInsertion.AtStart(before, "MC", "1,00030,0"));

        Assert.Equal(new MarkupSplice(0, 0, "<MC>1,00030,0</MC>\n", 4, 13), splice);
    }

    [Fact]
    public void Text_equal_on_both_sides_of_the_change_stays_out_of_it()
    {
        // The inserted tag starts with the "<" already after the cursor; that "<" is not sent again.
        var before = new MarkupEdit("a<", 1, 1);

        var splice = MarkupSplice.Between(before.Text, MarkupInsertion.Wrap(before, "FB", "x"));

        Assert.Equal(new MarkupSplice(2, 2, "FB>x</FB><", 5, 6), splice);
    }

    [Fact]
    public void An_edit_that_changes_nothing_is_an_empty_splice_that_still_selects()
    {
        var before = new MarkupEdit("<MC>1,00030,0</MC>\nOrder 42", 0, 0);

        var splice = MarkupSplice.Between(before.Text, MarkupInsertion.AtStart(before, "MC", "1,00030,0"));

        Assert.Equal(new MarkupSplice(before.Text.Length, before.Text.Length, "", 4, 13), splice);
    }

    [Fact]
    public void A_surrogate_pair_is_never_split()
    {
        // 😀 and 😁 share their first UTF-16 unit; the splice still carries whole characters.
        var splice = MarkupSplice.Between("a😀b", new MarkupEdit("a😁b", 0, 0));

        Assert.Equal(new MarkupSplice(1, 3, "😁", 0, 0), splice);
    }

    public static TheoryData<string, int, int> Edits => new()
    {
        { "", 0, 0 },
        { "Shop", 2, 2 },
        { "Shop\nTea,1,9.00\nCake,2,12.00\n", 5, 29 },
        { "<FB>x</FB>", 0, 10 },
        { "Line one\nLine two", 3, 12 },
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public void Every_toolbar_operation_applied_as_a_splice_gives_its_text_and_selection(string text, int start, int end)
    {
        var before = new MarkupEdit(text, start, end);
        Func<MarkupEdit, MarkupEdit>[] operations =
        [
            edit => MarkupInsertion.Wrap(edit, "FB", "Bold text"),
            edit => MarkupInsertion.WrapEachLine(edit, "center", "Centered"),
            edit => MarkupInsertion.LeftRight(edit, "Total", "¥0.00"),
            edit => MarkupInsertion.Table(edit, 3, ["Item", "Qty", "Amount"], ["Noodles", "x1", "28.00"]),
            edit => MarkupInsertion.Line(edit, "--------"),
            edit => MarkupInsertion.AtStart(edit, "MC", "1,00030,0"),
        ];

        foreach (var operation in operations)
        {
            var after = operation(before);
            var splice = MarkupSplice.Between(text, after);

            Assert.Equal(after.Text, splice.ApplyTo(text));
            Assert.Equal((after.SelectionStart, after.SelectionEnd), (splice.SelectionStart, splice.SelectionEnd));
        }
    }
}
