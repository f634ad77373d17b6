namespace Yilianyun;

// Binding printers and reading what they are.
public sealed partial class YilianyunClient
{
    public Task AddPrinterAsync(string accessToken, AddPrinterRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.MachineCode);
        ArgumentException.ThrowIfNullOrEmpty(request.Msign);
        var fields = Fields(("machine_code", request.MachineCode), ("msign", request.Msign));
        AddIfPresent(fields, "phone", request.Phone);
        AddIfPresent(fields, "print_name", request.PrintName);
        return CallAsync("printer/addprinter", accessToken, fields, cancellationToken);
    }

    public Task DeletePrinterAsync(string accessToken, string machineCode, CancellationToken cancellationToken = default) =>
        PrinterCallAsync("printer/deleteprinter", accessToken, machineCode, cancellationToken);

    public Task<PrinterStatus> GetPrintStatusAsync(string accessToken, string machineCode, CancellationToken cancellationToken = default) =>
        PrinterQueryAsync<PrinterStatus>("printer/getprintstatus", accessToken, machineCode, cancellationToken);

    public Task<PrinterInfo> GetPrintInfoAsync(string accessToken, string machineCode, CancellationToken cancellationToken = default) =>
        PrinterQueryAsync<PrinterInfo>("printer/printinfo", accessToken, machineCode, cancellationToken);

    public Task<PrinterVersion> GetVersionAsync(string accessToken, string machineCode, CancellationToken cancellationToken = default) =>
        PrinterQueryAsync<PrinterVersion>("printer/getversion", accessToken, machineCode, cancellationToken);

    private async Task<T> PrinterQueryAsync<T>(string path, string accessToken, string machineCode, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(machineCode);
        var envelope = await SendAuthorizedAsync(path, accessToken, Fields(("machine_code", machineCode)), cancellationToken)
            .ConfigureAwait(false);
        return ReadBody<T>(path, envelope);
    }

    private Task PrinterCallAsync(string path, string accessToken, string machineCode, CancellationToken cancellationToken,
        params (string Name, string Value)[] extra)
    {
        ArgumentException.ThrowIfNullOrEmpty(machineCode);
        var fields = Fields(("machine_code", machineCode));
        fields.AddRange(Fields(extra));
        return CallAsync(path, accessToken, fields, cancellationToken);
    }
}
