using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Portal.Features.OpenApi;

namespace Portal.UnitTests.Features.OpenApi;

/// <summary>
/// The lookup cache keeps a client and a grant for one second at most. A revoked token, a provider revoked by its user, a
/// retired client secret and a deleted company are refused at once when the change goes through this portal's services,
/// and within that second when it reaches the database some other way (another instance on the same PostgreSQL). A call
/// the cache answers reads nothing; one it does not answers with one read for the client and one for everything else.
/// </summary>
public sealed class LookupCacheTests : IAsyncLifetime
{
    private static readonly TimeSpan PastTheCache = TimeSpan.FromMilliseconds(1001);

    private readonly CommandCounter _commands = new();
    private OpenApiHost _host = null!;

    public async Task InitializeAsync() => _host = await OpenApiHost.StartAsync(
        new Dictionary<string, string?> { ["OpenApi:LookupCacheDuration"] = "00:00:01" }, interceptors: [_commands]);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_cached_call_reads_nothing_and_one_past_the_cache_reads_the_client_and_then_everything_else_once()
    {
        var code = await _host.AuthorizeAsync();
        Assert.Equal(200, (await UserInfoAsync(code)).Code);

        _commands.Reset();
        Assert.Equal(200, (await UserInfoAsync(code)).Code);
        Assert.Empty(_commands.Texts);

        _host.Clock.Advance(PastTheCache);
        _commands.Reset();
        Assert.Equal(200, (await UserInfoAsync(code)).Code);
        Assert.Collection(_commands.Texts,
            client => Assert.Contains("\"ApiClients\"", client, StringComparison.Ordinal),
            grant => Assert.Contains("\"UserApiTokens\"", grant, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_revoked_token_is_refused_at_once_here_and_within_a_second_when_revoked_elsewhere()
    {
        var here = await _host.AddTokenHolderAsync("revoked-here", "Here Co", TenantRole.Member);
        var hereCode = await _host.AuthorizeAsync(here.Token);
        Assert.Equal(200, (await UserInfoAsync(hereCode, here.Token)).Code);
        Assert.True((await _host.Get<ApiAccessService>().RevokeTokenAsync(here.Id)).Succeeded);
        Assert.Equal(401, (await UserInfoAsync(hereCode, here.Token)).HttpStatus);

        var code = await _host.AuthorizeAsync();
        await ServedThenRefusedAfterAsync(code, db => db.UserApiTokens
            .Where(t => t.TenantId == OpenApiExampleSeeder.DemoTenantId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, _host.Clock.GetUtcNow())), OpenApiCode.Unauthorized);
    }

    [Fact]
    public async Task A_provider_revoked_by_its_user_is_refused_at_once_here_and_within_a_second_when_revoked_elsewhere()
    {
        var here = await _host.AddTokenHolderAsync("revokes-here", "Here Co", TenantRole.Member);
        var hereCode = await _host.AuthorizeAsync(here.Token);
        Assert.Equal(200, (await UserInfoAsync(hereCode, here.Token)).Code);
        await _host.Services.GetRequiredService<OpenApiUsageRecorder>().FlushAsync();
        var access = _host.Get<ApiAccessService>();
        var provider = Assert.Single((await access.ListProvidersAsync()).Value!);
        Assert.True((await access.RevokeProviderAsync(provider.Id)).Succeeded);
        Assert.Equal(401, (await UserInfoAsync(hereCode, here.Token)).HttpStatus);

        var code = await _host.AuthorizeAsync();
        await _host.Services.GetRequiredService<OpenApiUsageRecorder>().FlushAsync();
        await ServedThenRefusedAfterAsync(code, db => db.ProviderAccesses
            .Where(p => p.UserId == OpenApiExampleSeeder.DemoUserId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.RevokedAt, _host.Clock.GetUtcNow())), OpenApiCode.Unauthorized);
    }

    [Fact]
    public async Task A_retired_client_secret_is_refused_at_once_here_and_within_a_second_when_retired_elsewhere()
    {
        var client = await _host.CreateClientAsync("Rotating", ApiScopes.User);
        var clients = _host.Get<ApiClientService>();
        var id = (await clients.ListAsync()).Value!.Single(r => r.ClientId == client.ClientId).Id;
        var oldBasic = OpenApiHost.Basic(client.ClientId, client.Secret);
        var code = await _host.AuthorizeAsync(authorization: oldBasic);
        Assert.Equal(200, (await UserInfoAsync(code, clientId: client.ClientId, basic: oldBasic)).Code);

        var rotated = (await clients.RotateAsync(id)).Value!;
        Assert.True((await clients.RetireOldestSecretAsync(id)).Succeeded);
        Assert.Equal((int)OpenApiCode.BasicHeaderInvalid, (await UserInfoAsync(code, clientId: client.ClientId, basic: oldBasic)).Code);

        // Elsewhere: the rotated secret is retired by another instance.
        var newBasic = OpenApiHost.Basic(client.ClientId, rotated.Secret);
        await ServedThenRefusedAfterAsync(code, db => db.Set<ApiClientSecret>()
            .Where(s => s.ApiClientId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, _host.Clock.GetUtcNow())), OpenApiCode.BasicHeaderInvalid,
            client.ClientId, newBasic);
    }

    [Fact]
    public async Task A_deleted_company_is_refused_within_a_second()
    {
        var code = await _host.AuthorizeAsync();
        await ServedThenRefusedAfterAsync(code, db => db.Tenants
            .Where(t => t.Id == OpenApiExampleSeeder.DemoTenantId)
            .ExecuteDeleteAsync(), OpenApiCode.Unauthorized);
    }

    /// <summary>
    /// Warms the cache, changes the database (in the demo company) behind the portal's back as another instance would, and checks the call is
    /// still answered inside the cache's second (so the cache is really in the way) and refused once it has passed.
    /// </summary>
    private async Task ServedThenRefusedAfterAsync(string code, Func<PortalDbContext, Task<int>> change, OpenApiCode refusal,
        string clientId = OpenApiExampleSeeder.ClientId, string basic = OpenApiHost.DocumentBasicHeader)
    {
        Assert.Equal(200, (await UserInfoAsync(code, clientId: clientId, basic: basic)).Code);
        await using (var db = await _host.DbFactory.CreateForTenantAsync(OpenApiExampleSeeder.DemoTenantId))
        {
            Assert.True(await change(db) > 0, "the change touched no row");
        }

        _host.Clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(200, (await UserInfoAsync(code, clientId: clientId, basic: basic)).Code);

        _host.Clock.Advance(TimeSpan.FromMilliseconds(501));
        Assert.Equal((int)refusal, (await UserInfoAsync(code, clientId: clientId, basic: basic)).Code);
    }

    private Task<ApiAnswer> UserInfoAsync(string code, string accessToken = OpenApiExampleSeeder.AccessToken,
        string clientId = OpenApiExampleSeeder.ClientId, string basic = OpenApiHost.DocumentBasicHeader) =>
        _host.GetAsync($"/apis/rest/userService/getUserInfo/json?{_host.InfoQuery(accessToken, code, clientId)}", basic);

    /// <summary>Keeps the text of every command the host's contexts send to the database.</summary>
    private sealed class CommandCounter : DbCommandInterceptor
    {
        private readonly ConcurrentQueue<string> _texts = new();

        public IReadOnlyCollection<string> Texts => [.. _texts];

        public void Reset() => _texts.Clear();

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            _texts.Enqueue(command.CommandText);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            _texts.Enqueue(command.CommandText);
            return base.ReaderExecuting(command, eventData, result);
        }
    }
}
