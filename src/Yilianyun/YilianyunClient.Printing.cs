namespace Yilianyun;

// Printing, and the orders a printer holds: status, list, cancel and reprint.
public sealed partial class YilianyunClient
{
    public Task<PrintResult> PrintTextAsync(string accessToken, PrintTextRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.Content);
        return PrintAsync("print/index", accessToken, request.MachineCode, request.OriginId, request.Idempotent,
            [new("content", request.Content), Idempotence(request.Idempotent)], cancellationToken);
    }

    public Task<PrintResult> PrintPictureAsync(string accessToken, PrintPictureRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.PictureUrl);
        return PrintAsync("pictureprint/index", accessToken, request.MachineCode, request.OriginId, request.Idempotent,
            [new("picture_url", request.PictureUrl), Idempotence(request.Idempotent)], cancellationToken);
    }

    /// <summary>The waybill endpoint documents no idempotence switch; it is still retried on the strength of its unique
    /// origin_id (a project decision, see the README).</summary>
    public Task<PrintResult> PrintExpressAsync(string accessToken, PrintExpressRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.Content);
        return PrintAsync("expressprint/index", accessToken, request.MachineCode, request.OriginId, idempotenceOn: true,
            [new("content", request.Content), new("sandbox", request.Sandbox ? "1" : "0")], cancellationToken);
    }

    public Task CancelAllAsync(string accessToken, string machineCode, CancellationToken cancellationToken = default) =>
        PrinterCallAsync("printer/cancelall", accessToken, machineCode, cancellationToken);

    public Task CancelOneAsync(string accessToken, string machineCode, long orderId, CancellationToken cancellationToken = default) =>
        PrinterCallAsync("printer/cancelone", accessToken, machineCode, cancellationToken, ("order_id", Invariant(orderId)));

    public async Task<PrintOrderStatus> GetOrderStatusAsync(string accessToken, string machineCode, long orderId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(machineCode);
        var envelope = await SendAuthorizedAsync("printer/getorderstatus", accessToken,
            Fields(("machine_code", machineCode), ("order_id", Invariant(orderId))), cancellationToken).ConfigureAwait(false);
        return ReadBody<PrintOrderStatus>("printer/getorderstatus", envelope);
    }

    public async Task<IReadOnlyList<PrintOrder>> GetOrderPagingListAsync(string accessToken, string machineCode, int pageIndex, int pageSize,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(machineCode);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageIndex, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, 100);
        const string path = "printer/getorderpaginglist";
        var envelope = await SendAuthorizedAsync(path, accessToken,
            Fields(("machine_code", machineCode), ("page_index", Invariant(pageIndex)), ("page_size", Invariant(pageSize))),
            cancellationToken).ConfigureAwait(false);
        if (envelope.Body is not { } body)
        {
            return [];
        }

        // The documented body is an array; accept an object wrapping the array too (seen in the wild, and a
        // plausible v2 shape), rather than failing on it.
        var list = body.ValueKind == JsonValueKind.Array
            ? body
            : body.ValueKind == JsonValueKind.Object
                ? body.EnumerateObject().Select(property => property.Value).FirstOrDefault(value => value.ValueKind == JsonValueKind.Array)
                : default;
        return list.ValueKind == JsonValueKind.Array ? Deserialize<List<PrintOrder>>(path, list) : [];
    }

    public Task ReprintOrderAsync(string accessToken, string machineCode, long orderId, CancellationToken cancellationToken = default) =>
        PrinterCallAsync("printer/reprintorder", accessToken, machineCode, cancellationToken, ("order_id", Invariant(orderId)));

    private async Task<PrintResult> PrintAsync(string path, string accessToken, string machineCode, string originId, bool idempotenceOn,
        List<KeyValuePair<string, string>> fields, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(machineCode);
        ArgumentException.ThrowIfNullOrEmpty(originId);
        if (Encoding.UTF8.GetByteCount(originId) > 64)
        {
            throw new ArgumentException("origin_id is at most 64 bytes (v1 hosts: 32 letters or digits).", nameof(originId));
        }

        fields.InsertRange(0, [new("machine_code", machineCode), new("origin_id", originId)]);
        var envelope = await SendAuthorizedAsync(path, accessToken, fields, cancellationToken, idempotenceOn).ConfigureAwait(false);
        return ReadBody<PrintResult>(path, envelope);
    }

    private static KeyValuePair<string, string> Idempotence(bool on) => new("idempotence", on ? "1" : "0");
}
