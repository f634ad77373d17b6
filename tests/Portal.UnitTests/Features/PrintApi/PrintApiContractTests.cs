using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Portal.Features.PrintApi;

namespace Portal.UnitTests.Features.PrintApi;

/// <summary>Every call of <c>/api/v1</c> and its errors, over HTTP against the whole portal and its sandbox.</summary>
public sealed class PrintApiContractTests(PrintApiWorld world) : IClassFixture<PrintApiWorld>
{
    private const string Receipt = "<center>API receipt</center>";

    [Fact]
    public async Task Without_a_key_the_printers_answer_401_problem_details_with_a_bearer_challenge()
    {
        using var client = world.Client(null);

        using var response = await client.GetAsync("/api/v1/printers");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        var problem = await ProblemAsync(response);
        Assert.EndsWith("#unauthorized", problem["type"]!.GetValue<string>());
        Assert.Equal(401, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(problem["detail"]?.GetValue<string>()));
    }

    [Theory]
    [InlineData("GET", "/api/v1/printer")]
    [InlineData("POST", "/api/v1/jobs/abc/retry")]
    [InlineData("GET", "/api/v1")]
    public async Task An_address_under_the_prefix_that_names_no_call_answers_a_404_problem_not_the_html_page(string method, string path)
    {
        var key = await world.CompanyKeyAsync(world.OwnerA);
        foreach (var client in new[] { world.Client(null), world.Client(key.Key) })
        {
            using (client)
            {
                using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                var problem = await ProblemAsync(response);
                Assert.EndsWith("#not-found", problem["type"]!.GetValue<string>());
                Assert.Contains(path, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("not-a-key")]
    [InlineData("pk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task An_unknown_or_malformed_key_answers_401_invalid_token(string key)
    {
        using var client = world.Client(key);

        using var response = await client.GetAsync("/api/v1/jobs");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("#unauthorized", (await ProblemAsync(response))["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_revoked_or_expired_key_answers_401()
    {
        var revoked = await world.CompanyKeyAsync(world.OwnerA);
        var expired = await world.CompanyKeyAsync(world.OwnerA, expiresAt: DateTimeOffset.UtcNow.AddDays(1));
        var revokedResult = await world.Portal.AsUserAsync(world.OwnerA, services => services.GetRequiredService<PrintApiKeyService>().RevokeCompanyKeyAsync(revoked.Id));
        Assert.True(revokedResult.Succeeded, revokedResult.Error);
        await using (var db = await world.Portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            await db.PrintApiKeys.Where(k => k.Id == expired.Id).ExecuteUpdateAsync(k => k.SetProperty(x => x.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)));
        }

        foreach (var key in new[] { revoked.Key, expired.Key })
        {
            using var client = world.Client(key);
            using var response = await client.GetAsync("/api/v1/printers");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task A_key_without_the_scope_answers_403_naming_it()
    {
        var readJobsOnly = await world.CompanyKeyAsync(world.OwnerA, PrintApiScopes.JobsRead);
        using var client = world.Client(readJobsOnly.Key);

        using var printers = await client.GetAsync("/api/v1/printers");
        using var print = await client.PostAsJsonAsync($"/api/v1/printers/{world.PrinterA}/jobs", new { content = Receipt });
        using var jobs = await client.GetAsync("/api/v1/jobs");

        Assert.Equal(HttpStatusCode.Forbidden, printers.StatusCode);
        var problem = await ProblemAsync(printers);
        Assert.EndsWith("#missing-scope", problem["type"]!.GetValue<string>());
        Assert.Contains("printers:read", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, print.StatusCode);
        Assert.Contains("jobs:write", (await ProblemAsync(print))["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, jobs.StatusCode);
    }

    [Fact]
    public async Task A_company_key_lists_its_own_printers_only_and_records_its_last_use()
    {
        var key = await world.CompanyKeyAsync(world.OwnerA);
        using var client = world.Client(key.Key);

        var page = await client.GetFromJsonAsync<JsonObject>("/api/v1/printers");

        var printer = Assert.Single(page!["data"]!.AsArray())!;
        Assert.Equal(world.PrinterA.ToString(), printer["id"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(printer["name"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(printer["terminal_number"]!.GetValue<string>()));
        Assert.Equal("active", printer["token_state"]!.GetValue<string>());
        Assert.NotNull(printer["online_state"]);
        Assert.Null(page["next_cursor"]);
        await using var db = await world.Portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.NotNull((await db.PrintApiKeys.SingleAsync(k => k.Id == key.Id)).LastUsedAt);
    }

    [Fact]
    public async Task Printing_answers_201_with_the_job_which_then_reads_back_and_is_audited_as_the_key()
    {
        var key = await world.CompanyKeyAsync(world.OwnerA);
        using var client = world.Client(key.Key);

        using var created = await client.PostAsJsonAsync($"/api/v1/printers/{world.PrinterA}/jobs", new { content = Receipt, copies = 2 });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var job = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = job["id"]!.GetValue<string>();
        Assert.Equal($"http://localhost/api/v1/jobs/{id}", created.Headers.Location!.AbsoluteUri);
        Assert.Equal(world.PrinterA.ToString(), job["printer_id"]!.GetValue<string>());
        Assert.Equal(2, job["copies"]!.GetValue<int>());
        Assert.Contains(job["state"]!.GetValue<string>(), new[] { "queued", "sent", "printed" });
        var read = await client.GetFromJsonAsync<JsonObject>($"/api/v1/jobs/{id}");
        Assert.Equal(id, read!["id"]!.GetValue<string>());

        await using var db = await world.Portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateForTenantAsync(world.CompanyA);
        var stored = await db.PrintJobs.SingleAsync(j => j.Id == Guid.Parse(id));
        Assert.Equal(Receipt, stored.Content);
        var audited = await db.AuditEntries.Where(a => a.Action == "print.submitted" && a.Detail == stored.OriginId).SingleAsync();
        Assert.StartsWith("API key \"integration", audited.ActorName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_picture_prints_from_its_address_as_a_picture_job_and_the_same_key_with_it_as_text_is_another_request()
    {
        var key = await world.CompanyKeyAsync(world.OwnerA);
        using var client = world.Client(key.Key);
        const string Picture = "https://images.example/receipt-logo.png";
        var idempotencyKey = Guid.NewGuid().ToString();

        using var created = await PostWithKeyAsync(client, world.PrinterA, new { kind = "picture", content = Picture }, idempotencyKey);
        using var asText = await PostWithKeyAsync(client, world.PrinterA, new { kind = "text", content = Picture }, idempotencyKey);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var job = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("picture", job["kind"]!.GetValue<string>());
        await using var db = await world.Portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateForTenantAsync(world.CompanyA);
        var stored = await db.PrintJobs.SingleAsync(j => j.Id == Guid.Parse(job["id"]!.GetValue<string>()));
        Assert.Equal((PrintJobKind.Picture, Picture), (stored.Kind, stored.Content));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, asText.StatusCode);
    }

    [Theory]
    [InlineData("{\"kind\": \"waybill\", \"content\": \"x\"}", "kind must be")]
    [InlineData("{\"kind\": \"picture\", \"content\": \"not an address\"}", "")]
    [InlineData("{\"kind\": \"picture\", \"content\": \"https://images.example/a.png\", \"copies\": 2}", "")]
    public async Task A_picture_request_the_portal_cannot_print_answers_400_saying_why(string body, string saying)
    {
        var key = await world.CompanyKeyAsync(world.OwnerA);
        using var client = world.Client(key.Key);

        using var response = await client.PostAsync($"/api/v1/printers/{world.PrinterA}/jobs", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.EndsWith("#invalid-request", problem["type"]!.GetValue<string>());
        Assert.Contains(saying, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_idempotency_key_with_the_same_request_answers_the_first_job_and_with_another_422()
    {
        var key = await world.CompanyKeyAsync(world.OwnerA);
        using var client = world.Client(key.Key);
        var idempotencyKey = Guid.NewGuid().ToString();

        using var first = await PostWithKeyAsync(client, world.PrinterA, new { content = Receipt, origin_id = "order-1" }, idempotencyKey);
        using var repeat = await PostWithKeyAsync(client, world.PrinterA, new { content = Receipt, origin_id = "order-1" }, idempotencyKey);
        using var otherBody = await PostWithKeyAsync(client, world.PrinterA, new { content = "<center>Another</center>", origin_id = "order-1" }, idempotencyKey);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        var firstId = (await first.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        Assert.Equal(firstId, (await repeat.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherBody.StatusCode);
        Assert.EndsWith("#idempotency-key-reused", (await ProblemAsync(otherBody))["type"]!.GetValue<string>());
        await using var db = await world.Portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateForTenantAsync(world.CompanyA);
        Assert.Equal(1, await db.PrintJobs.CountAsync(j => j.Content == Receipt && j.Id == Guid.Parse(firstId)));
    }

    [Fact]
    public async Task The_same_origin_id_on_the_same_printer_answers_the_first_job()
    {
        var key = await world.CompanyKeyAsync(world.OwnerA);
        using var client = world.Client(key.Key);
        var origin = Guid.NewGuid().ToString("N");

        using var first = await client.PostAsJsonAsync($"/api/v1/printers/{world.PrinterA}/jobs", new { content = Receipt, origin_id = origin });
        using var repeat = await client.PostAsJsonAsync($"/api/v1/printers/{world.PrinterA}/jobs", new { content = Receipt, origin_id = origin });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal((await first.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>(), (await repeat.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{not json", "application/json")]
    [InlineData("{\"copies\": 1}", "application/json")]
    [InlineData("{\"content\": \"<center>x</center>\", \"copies\": 42}", "application/json")]
    [InlineData("content=x", "application/x-www-form-urlencoded")]
    public async Task A_malformed_print_request_answers_400_problem(string body, string contentType)
    {
        var key = await world.CompanyKeyAsync(world.OwnerA);
        using var client = world.Client(key.Key);

        using var response = await client.PostAsync($"/api/v1/printers/{world.PrinterA}/jobs", new StringContent(body, Encoding.UTF8, contentType));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.EndsWith("#invalid-request", (await ProblemAsync(response))["type"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/api/v1/jobs?limit=0")]
    [InlineData("/api/v1/jobs?limit=many")]
    [InlineData("/api/v1/jobs?cursor=%%%")]
    [InlineData("/api/v1/jobs?state=lost")]
    [InlineData("/api/v1/jobs?printer=nope")]
    [InlineData("/api/v1/jobs?since=yesterday")]
    [InlineData("/api/v1/printers?limit=101")]
    public async Task Malformed_list_parameters_answer_400_problem(string url)
    {
        var key = await world.CompanyKeyAsync(world.OwnerA);
        using var client = world.Client(key.Key);

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Jobs_page_with_a_cursor_without_repeating_or_skipping_and_filter_by_printer_state_and_time()
    {
        var key = await world.CompanyKeyAsync(world.OwnerB);
        using var client = world.Client(key.Key);
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var made = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var created = await client.PostAsJsonAsync($"/api/v1/printers/{world.PrinterB}/jobs", new { content = $"<center>Page {i}</center>" });
            made.Add((await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = (await client.GetFromJsonAsync<JsonObject>($"/api/v1/jobs?printer={world.PrinterB}&since={Uri.EscapeDataString(since.ToString("O"))}&limit=2"
                + (cursor is null ? "" : "&cursor=" + cursor)))!;
            var rows = page["data"]!.AsArray();
            Assert.True(rows.Count <= 2);
            seen.AddRange(rows.Select(r => r!["id"]!.GetValue<string>()));
            cursor = page["next_cursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.Equal(made.AsEnumerable().Reverse(), seen.Where(made.Contains));
        Assert.Equal(seen.Count, seen.Distinct().Count());
        var failed = await client.GetFromJsonAsync<JsonObject>($"/api/v1/jobs?state=cancelled&since={Uri.EscapeDataString(since.ToString("O"))}");
        Assert.DoesNotContain(failed!["data"]!.AsArray(), r => made.Contains(r!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Another_companys_printers_and_jobs_answer_404_exactly_like_ones_that_do_not_exist()
    {
        var keyA = await world.CompanyKeyAsync(world.OwnerA);
        var keyB = await world.CompanyKeyAsync(world.OwnerB);
        using var clientA = world.Client(keyA.Key);
        using var clientB = world.Client(keyB.Key);
        using var createdB = await clientB.PostAsJsonAsync($"/api/v1/printers/{world.PrinterB}/jobs", new { content = Receipt });
        var jobB = (await createdB.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var nobody = Guid.NewGuid();

        var pairs = new (Func<Guid, Task<HttpResponseMessage>> Call, Guid Theirs)[]
        {
            (id => clientA.PostAsJsonAsync($"/api/v1/printers/{id}/jobs", new { content = Receipt }), world.PrinterB),
            (id => clientA.GetAsync($"/api/v1/jobs/{id}"), Guid.Parse(jobB)),
            (id => clientA.PostAsync($"/api/v1/jobs/{id}/cancel", null), Guid.Parse(jobB)),
        };
        foreach (var (call, theirs) in pairs)
        {
            using var other = await call(theirs);
            using var missing = await call(nobody);
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            var otherProblem = await ProblemAsync(other);
            var missingProblem = await ProblemAsync(missing);
            Assert.Equal(missingProblem.ToJsonString(), otherProblem.ToJsonString());
        }

        var listed = await clientA.GetFromJsonAsync<JsonObject>($"/api/v1/jobs?printer={world.PrinterB}");
        Assert.Empty(listed!["data"]!.AsArray());
        await using var db = await world.Portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateForTenantAsync(world.CompanyB);
        Assert.NotEqual(PrintJobState.Cancelled, (await db.PrintJobs.SingleAsync(j => j.Id == Guid.Parse(jobB))).State);
    }

    [Fact]
    public async Task Cancelling_an_own_job_answers_the_job_or_a_problem_saying_why_it_cannot()
    {
        var key = await world.CompanyKeyAsync(world.OwnerA);
        using var client = world.Client(key.Key);
        using var created = await client.PostAsJsonAsync($"/api/v1/printers/{world.PrinterA}/jobs", new { content = Receipt });
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();

        using var cancelled = await client.PostAsync($"/api/v1/jobs/{id}/cancel", null);

        if (cancelled.StatusCode == HttpStatusCode.OK)
        {
            Assert.Equal("cancelled", (await cancelled.Content.ReadFromJsonAsync<JsonObject>())!["state"]!.GetValue<string>());
        }
        else
        {
            Assert.Equal(HttpStatusCode.Conflict, cancelled.StatusCode);
            Assert.EndsWith("#job-cannot-be-cancelled", (await ProblemAsync(cancelled))["type"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task An_operator_key_acts_for_the_company_named_per_request_and_needs_one()
    {
        var key = await world.OperatorKeyAsync();
        using var client = world.Client(key.Key);

        using var unnamed = await client.GetAsync("/api/v1/printers");
        client.DefaultRequestHeaders.Add(PrintApiKeyAuthentication.CompanyHeader, Guid.NewGuid().ToString());
        using var unknown = await client.GetAsync("/api/v1/printers");
        client.DefaultRequestHeaders.Remove(PrintApiKeyAuthentication.CompanyHeader);
        client.DefaultRequestHeaders.Add(PrintApiKeyAuthentication.CompanyHeader, world.CompanyB.ToString());
        var printers = await client.GetFromJsonAsync<JsonObject>("/api/v1/printers");
        using var printed = await client.PostAsJsonAsync($"/api/v1/printers/{world.PrinterB}/jobs", new { content = Receipt });
        using var elsewhere = await client.PostAsJsonAsync($"/api/v1/printers/{world.PrinterA}/jobs", new { content = Receipt });

        Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);
        Assert.EndsWith("#company-required", (await ProblemAsync(unnamed))["type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(world.PrinterB.ToString(), Assert.Single(printers!["data"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, printed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
        await using var db = await world.Portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateForTenantAsync(world.CompanyB);
        Assert.Contains(await db.AuditEntries.Where(a => a.Action == "print.submitted").Select(a => a.ActorName).ToListAsync(),
            name => name == "operator API key \"operator tool\"");
    }

    [Fact]
    public async Task An_operator_key_stops_working_when_its_creator_is_no_longer_an_operator()
    {
        var key = await world.OperatorKeyAsync();
        var users = world.Portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        var formerId = await users.AddUserAsync("former-operator", "former@print-api.test", DateTimeOffset.UtcNow, isOperator: true);
        var former = await world.Portal.AsUserAsync(formerId, services => services.GetRequiredService<PrintApiKeyService>().CreateOperatorKeyAsync("former", PrintApiScopes.PrintersRead, null));
        await using (var db = await users.CreateDbContextAsync())
        {
            await db.Users.Where(u => u.Id == formerId).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsOperator, false));
        }

        using var client = world.Client(former.Value!.Key);
        client.DefaultRequestHeaders.Add(PrintApiKeyAuthentication.CompanyHeader, world.CompanyA.ToString());
        using var response = await client.GetAsync("/api/v1/printers");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEqual(key.Key, former.Value.Key);
    }

    [Fact]
    public async Task The_key_is_stored_only_as_its_hash_and_its_first_characters()
    {
        var key = await world.CompanyKeyAsync(world.OwnerA);

        Assert.Matches("^pk_[A-Za-z0-9_-]{43}$", key.Key);
        var databaseFiles = Directory.EnumerateFiles(world.DataFolder, "*.db*", SearchOption.AllDirectories).ToList();
        await using var db = await world.Portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var row = await db.PrintApiKeys.SingleAsync(k => k.Id == key.Id);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(key.Key)), row.SecretHash);
        Assert.Equal(key.Key[..11], row.Prefix);
        await using var company = await world.Portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateForTenantAsync(world.CompanyA);
        var audited = await company.AuditEntries.Where(a => a.Action == "api-key.created").Select(a => new { a.Target, a.Detail }).ToListAsync();
        Assert.Contains(audited, a => a.Target == row.Name && a.Detail!.Contains(row.Prefix, StringComparison.Ordinal));
        Assert.DoesNotContain(audited, a => a.Detail!.Contains(key.Key[11..], StringComparison.Ordinal));
        // On SQLite, the raw database files (the write-ahead log too) hold no copy of the secret part.
        var secret = Encoding.UTF8.GetBytes(key.Key[11..]);
        Assert.All(databaseFiles, file => Assert.Equal(-1, ReadShared(file).AsSpan().IndexOf(secret)));
    }

    [Fact]
    public async Task Only_owners_manage_company_keys_members_see_them_and_another_company_sees_none()
    {
        var key = await world.CompanyKeyAsync(world.OwnerA);

        var memberList = await world.Portal.AsUserAsync(world.MemberA, s => s.GetRequiredService<PrintApiKeyService>().ListCompanyKeysAsync());
        var memberCreate = await world.Portal.AsUserAsync(world.MemberA, s => s.GetRequiredService<PrintApiKeyService>().CreateCompanyKeyAsync("mine", PrintApiScopes.JobsRead, null));
        var memberRevoke = await world.Portal.AsUserAsync(world.MemberA, s => s.GetRequiredService<PrintApiKeyService>().RevokeCompanyKeyAsync(key.Id));
        var otherList = await world.Portal.AsUserAsync(world.OwnerB, s => s.GetRequiredService<PrintApiKeyService>().ListCompanyKeysAsync());
        var otherRevoke = await world.Portal.AsUserAsync(world.OwnerB, s => s.GetRequiredService<PrintApiKeyService>().RevokeCompanyKeyAsync(key.Id));
        var ownerOperatorKeys = await world.Portal.AsUserAsync(world.OwnerA, s => s.GetRequiredService<PrintApiKeyService>().ListOperatorKeysAsync());

        Assert.Contains(memberList.Value!, row => row.Id == key.Id);
        Assert.False(memberCreate.Succeeded);
        Assert.False(memberRevoke.Succeeded);
        Assert.DoesNotContain(otherList.Value!, row => row.Id == key.Id);
        Assert.False(otherRevoke.Succeeded);
        Assert.False(ownerOperatorKeys.Succeeded);
        using var client = world.Client(key.Key);
        using var stillWorks = await client.GetAsync("/api/v1/printers");
        Assert.Equal(HttpStatusCode.OK, stillWorks.StatusCode);
    }

    [Theory]
    [InlineData(null, PrintApiScopes.JobsRead)]
    [InlineData("name", PrintApiScopes.None)]
    [InlineData("name", (PrintApiScopes)64)]
    public async Task A_key_needs_a_name_and_a_known_scope(string? name, PrintApiScopes scopes)
    {
        var created = await world.Portal.AsUserAsync(world.OwnerA, s => s.GetRequiredService<PrintApiKeyService>().CreateCompanyKeyAsync(name, scopes, null));

        Assert.False(created.Succeeded);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_api_v1_calls_with_the_bearer_scheme()
    {
        using var client = world.Client(null);

        var document = (await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var providers = await client.GetStringAsync(Portal.Features.OpenApi.OpenApiRegistration.DescriptionPath);

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Equal(["/api/v1/jobs", "/api/v1/jobs/{id}", "/api/v1/jobs/{id}/cancel", "/api/v1/printers", "/api/v1/printers/{id}/jobs"], paths.Order(StringComparer.Ordinal));
        Assert.Equal("bearer", document["components"]!["securitySchemes"]![PrintApiDocument.SecurityScheme]!["scheme"]!.GetValue<string>());
        Assert.NotNull(document["paths"]!["/api/v1/printers/{id}/jobs"]!["post"]!["requestBody"]);
        Assert.Equal("http://localhost", document["servers"]![0]!["url"]!.GetValue<string>());
        Assert.DoesNotContain("/api/v1", providers, StringComparison.Ordinal);
    }

    private static byte[] ReadShared(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static async Task<HttpResponseMessage> PostWithKeyAsync(HttpClient client, Guid printerId, object body, string idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/printers/{printerId}/jobs") { Content = JsonContent.Create(body) };
        request.Headers.Add(PrintApiEndpoints.IdempotencyKeyHeader, idempotencyKey);
        return await client.SendAsync(request);
    }

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }
}
