using Portal.Features.Printing;

namespace Portal.UnitTests.Features.Printing;

/// <summary>The one set of print input rules the form and the service share.</summary>
public sealed class PrintInputRulesTests
{
    private static readonly Guid Printer = Guid.NewGuid();

    public static TheoryData<PrintRequest, string?> Requests => new()
    {
        { new PrintRequest([Printer], PrintJobKind.Text, "<FB>Table 3</FB>"), null },
        { new PrintRequest([Printer], PrintJobKind.Picture, "https://shop.example/logo.png"), null },
        { new PrintRequest([], PrintJobKind.Text, "Hello"), "Choose at least one printer." },
        { new PrintRequest(Enumerable.Range(0, 51).Select(_ => Guid.NewGuid()).ToList(), PrintJobKind.Text, "Hello"), "Print to at most 50 printers at once." },
        { new PrintRequest([Printer, Printer], PrintJobKind.Text, "Hello"), null },
        { new PrintRequest([Printer], PrintJobKind.Text, "Hello", Copies: 10), "Copies must be between 1 and 9." },
        { new PrintRequest([Printer], PrintJobKind.Text, "  "), "The receipt is empty. Write something to print." },
        { new PrintRequest([Printer], PrintJobKind.Text, new string('x', 40_000)), "The receipt is 40000 characters long; the platform accepts at most 32767." },
        { new PrintRequest([Printer], PrintJobKind.Picture, ""), "Enter the address of the picture to print." },
        { new PrintRequest([Printer], PrintJobKind.Picture, "ftp://shop.example/logo.png"), "The picture address must be a web address starting with http:// or https://." },
        { new PrintRequest([Printer], PrintJobKind.Picture, "https://shop.example/logo.png", Copies: 2), "A picture prints one copy at a time." },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void A_request_breaks_the_first_rule_the_form_would_show(PrintRequest request, string? expected)
    {
        Assert.Equal(expected, PrintInputRules.FirstProblem(PortalStringLocalizer.Shared, request));
    }
}
