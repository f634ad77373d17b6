namespace Portal.Infrastructure.Common;

/// <summary>How far a piece of long work a person started has come: <see cref="Done"/> of <see cref="Total"/> steps.</summary>
public sealed record WorkProgress(int Done, int Total);
