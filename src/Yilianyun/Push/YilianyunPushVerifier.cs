namespace Yilianyun.Push;

/// <summary><see cref="YilianyunPushReader"/> bound to the configured app, for injection into a push endpoint.</summary>
public sealed class YilianyunPushVerifier(IOptions<YilianyunOptions> options)
{
    public PushVerificationResult Read(string body) =>
        YilianyunPushReader.Read(body, options.Value.ClientId, options.Value.ClientSecret);

    public PushVerificationResult Read(IReadOnlyDictionary<string, string> fields) =>
        YilianyunPushReader.Read(fields, options.Value.ClientId, options.Value.ClientSecret);
}
