namespace Yilianyun.Push;

/// <summary>A push the platform POSTs to the app's push URL. <see cref="PushTime"/> is the raw value the sign covers.</summary>
public abstract record YilianyunPush(string MachineCode, string PushTime)
{
    public abstract PushCommand Command { get; }
}

/// <summary><c>oauth_finish</c>: a job finished printing (<see cref="State"/> 1 = printed).</summary>
public sealed record PrintFinishedPush(string MachineCode, long OrderId, int State, string PrintTime, string OriginId, string PushTime)
    : YilianyunPush(MachineCode, PushTime)
{
    public override PushCommand Command => PushCommand.Finish;

    public bool Printed => State == 1;
}

/// <summary><c>oauth_printStatus</c>: the printer went online, offline or out of paper.</summary>
public sealed record PrinterStatusPush(string MachineCode, PrinterState Online, string PushTime) : YilianyunPush(MachineCode, PushTime)
{
    public override PushCommand Command => PushCommand.PrintStatus;
}

/// <summary><c>oauth_getOrder</c>: the merchant pressed a key for an order: 1 = accept (right key), 0 = reject (left key).</summary>
public sealed record OrderDecisionPush(string MachineCode, long OrderId, int State, string PushTime) : YilianyunPush(MachineCode, PushTime)
{
    public override PushCommand Command => PushCommand.GetOrder;

    public bool Accepted => State == 1;
}

/// <summary><c>oauth_request</c>: a key press on K2S/K3S: <c>request1</c> short, <c>request2</c> long (about 3 s).</summary>
public sealed record KeyRequestPush(string MachineCode, string State, string PushTime) : YilianyunPush(MachineCode, PushTime)
{
    public override PushCommand Command => PushCommand.Request;

    public bool IsLongPress => State == "request2";
}

/// <summary>Outcome of reading a push: the push when the body is well formed and correctly signed, else the reason.</summary>
public sealed record PushVerificationResult(YilianyunPush? Push, string? Problem)
{
    public bool IsValid => Push is not null;
}
