using Portal.Features.OpenApi;

namespace Portal.UnitTests.Features.OpenApi;

/// <summary>Secrets stay out of logs and the database; hashes are compared in fixed time; no input causes a 500.</summary>
public sealed class SecurityTests : OpenApiHostTests
{
    [Fact]
    public async Task No_authorization_value_or_secret_reaches_any_log_at_any_level()
    {
        var code = await Host.AuthorizeAsync();
        await Host.GetAsync($"/apis/rest/userService/getUserInfo/xml?{Host.InfoQuery(OpenApiExampleSeeder.AccessToken, code)}");
        await Host.GetAsync($"/apis/rest/authService/authorize/json?access_token={OpenApiExampleSeeder.AccessToken}&{Host.StampQuery()}",
            OpenApiHost.Basic(OpenApiExampleSeeder.ClientId, "wrong-secret-value"));
        await Host.GetAsync("/apis/rest/authService/authorize/json", "Basic bm90LXZhbGlkOnNlY3JldC14eXo=");

        var logs = string.Join('\n', Host.Logs.Entries);
        Assert.NotEmpty(Host.Logs.Entries);
        Assert.DoesNotContain("MTEwMjA4NDI5NDpha3U4aEN5WEJkOVNxWWtU", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(OpenApiExampleSeeder.ClientSecret, logs, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret-value", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("bm90LXZhbGlkOnNlY3JldC14eXo=", logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_database_holds_no_secret_token_or_auth_code_in_plain_text()
    {
        var client = await Host.CreateClientAsync("Plain text check", ApiScopes.User);
        var code = await Host.AuthorizeAsync();

        var dump = new StringBuilder();
        await using (var db = await Host.DbFactory.CreateDbContextAsync())
        {
            await db.Database.OpenConnectionAsync();
            var connection = db.Database.GetDbConnection();
            foreach (var table in new[] { "ApiClients", "ApiClientSecrets", "UserApiTokens", "ApiAuthCodes" })
            {
                await using var select = connection.CreateCommand();
                select.CommandText = $"SELECT * FROM \"{table}\"";
                await using var reader = await select.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        dump.Append(reader.GetValue(i) is byte[] bytes ? Encoding.Latin1.GetString(bytes) + Convert.ToHexString(bytes) : reader.GetValue(i)).Append('|');
                    }
                }
            }
        }

        var text = dump.ToString();
        Assert.Contains(client.ClientId, text, StringComparison.Ordinal);
        Assert.DoesNotContain(client.Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(OpenApiExampleSeeder.ClientSecret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(OpenApiExampleSeeder.AccessToken, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(code, text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Hashes_are_compared_in_fixed_time_everywhere_in_the_open_api()
    {
        var folder = Path.Combine(Infrastructure.Tenancy.CrossTenantCallSiteTests.RepositoryRoot(), "src", "Portal", "Features", "OpenApi");
        var sources = Directory.EnumerateFiles(folder, "*.cs").ToDictionary(f => Path.GetFileName(f), File.ReadAllText);

        Assert.Contains("CryptographicOperations.FixedTimeEquals", sources["OpenApiCrypto.cs"], StringComparison.Ordinal);
        Assert.Contains("OpenApiCrypto.HashesEqual(", sources["OpenApiClientAuthentication.cs"], StringComparison.Ordinal);
        // No short-circuiting comparison of bytes anywhere in the open API.
        Assert.All(sources, s => Assert.DoesNotContain("SequenceEqual", s.Value, StringComparison.Ordinal));
        Assert.True(OpenApiCrypto.HashesEqual(OpenApiCrypto.Hash("a"), OpenApiCrypto.Hash("a")));
        Assert.False(OpenApiCrypto.HashesEqual(OpenApiCrypto.Hash("a"), OpenApiCrypto.Hash("b")));
    }

    [Fact]
    public void Only_the_store_lifts_the_tenant_filter_in_the_open_api()
    {
        var folder = Path.Combine(Infrastructure.Tenancy.CrossTenantCallSiteTests.RepositoryRoot(), "src", "Portal", "Features", "OpenApi");
        var crossing = Directory.EnumerateFiles(folder, "*.cs")
            .Where(f => File.ReadAllText(f) is var text && (text.Contains("IgnoreQueryFilters(", StringComparison.Ordinal)
                || text.Contains("CreateCrossTenantAsync(", StringComparison.Ordinal) || text.Contains("SqlRaw(", StringComparison.Ordinal)))
            .Select(Path.GetFileName);

        Assert.Equal(["OpenApiStore.cs"], crossing);
    }

    [Fact]
    public void Generated_secrets_tokens_and_ids_have_the_promised_shape_and_entropy()
    {
        var secrets = Enumerable.Range(0, 50).Select(_ => OpenApiCrypto.NewClientSecret()).ToList();
        Assert.All(secrets, s => Assert.Matches("^[A-Za-z0-9_-]{32}$", s));
        Assert.Equal(secrets.Count, secrets.Distinct().Count());
        Assert.All(Enumerable.Range(0, 50).Select(_ => OpenApiCrypto.NewClientId()), id => Assert.Matches("^[1-9][0-9]{9}$", id));
        Assert.Matches("^[0-9a-f]{40}$", OpenApiCrypto.NewAccessToken());
    }

    /// <summary>Random, missing, overlong and non-ASCII values in every parameter and the header: never a 500.</summary>
    [Fact]
    public async Task A_bounded_fuzz_over_the_query_never_gets_a_500()
    {
        await using var host = await OpenApiHost.StartAsync(new Dictionary<string, string?> { ["OpenApi:RequestsPerWindow"] = "100000" });
        var code = await host.AuthorizeAsync();
        var random = new Random(20261123);
        string[] paths = ["authService/authorize", "userService/getUserInfo", "companyService/getCompanyInfo"];
        string[] formats = ["json", "xml", "JSON", "x", "%E4%B8%AD", ""];
        var (t, p) = host.Stamp();
        var valid = new Dictionary<string, string>
        {
            ["access_token"] = OpenApiExampleSeeder.AccessToken,
            ["client_id"] = OpenApiExampleSeeder.ClientId,
            ["auth_code"] = code,
            ["t_"] = t.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["p_"] = p.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        string[] headers =
        [
            OpenApiHost.DocumentBasicHeader, "Basic", "Basic ", "Basic ====", "basic " + new string('A', 5000), "Digest x",
            OpenApiHost.Basic("１１０２０８４２９４", "秘密"), OpenApiHost.Basic(OpenApiExampleSeeder.ClientId, new string('z', 700)),
        ];

        for (var i = 0; i < 400; i++)
        {
            var parts = new List<string>();
            foreach (var (name, value) in valid)
            {
                var fuzzed = random.Next(6) switch
                {
                    0 => null,
                    1 => "",
                    2 => Uri.EscapeDataString(new string((char)random.Next(0x4E00, 0x9FFF), random.Next(1, 20))),
                    3 => new string('9', random.Next(1, 9000)),
                    4 => Uri.EscapeDataString(RandomText(random)),
                    _ => value,
                };
                if (fuzzed is not null)
                {
                    parts.Add($"{name}={fuzzed}");
                }

                if (random.Next(10) == 0)
                {
                    parts.Add($"{name}={value}");
                }
            }

            var path = $"/apis/rest/{paths[random.Next(paths.Length)]}/{formats[random.Next(formats.Length)]}?{string.Join('&', parts)}";
            var answer = await host.GetAsync(path, random.Next(8) == 0 ? null : headers[random.Next(headers.Length)]);

            Assert.True(answer.HttpStatus < 500, $"{answer.HttpStatus} for {path[..Math.Min(path.Length, 200)]}: {answer.Body}");
            if (answer.HttpStatus != 404 && answer.ContentType?.MediaType == "application/json")
            {
                // Every answer of the API itself is the envelope with a code from the table.
                Assert.Contains(OpenApiCodes.All, c => (int)c.Code == answer.Code);
            }
        }
    }

    [Fact]
    public Task Control_characters_in_a_profile_do_not_break_either_format() =>
        ProfileTextIsCleanedInBothFormats(Host, trueName: "\u0001李王", status: "on hold\u0007 \u0008");

    /// <summary>
    /// SQLite only: it stores any UTF-16 a row is given. PostgreSQL's text is UTF-8, which has no lone surrogates
    /// (Npgsql refuses to send one), so no profile there can hold one.
    /// </summary>
    [Fact]
    [Trait("Database", "Sqlite")]
    public async Task Lone_surrogates_in_a_profile_do_not_break_either_format()
    {
        await using var host = await OpenApiHost.StartAsync(provider: DatabaseProvider.Sqlite);
        await ProfileTextIsCleanedInBothFormats(host, trueName: "\u0001李\uD800", status: "on hold\u0007 \uDC00");
    }

    /// <summary>
    /// Gives the demo user a three-character name and a status with two characters XML cannot carry; both answers read,
    /// with each such character as U+FFFD (the name masked after its first).
    /// </summary>
    private static async Task ProfileTextIsCleanedInBothFormats(OpenApiHost host, string trueName, string status)
    {
        await using (var db = await host.DbFactory.CreateDbContextAsync())
        {
            var user = await db.Users.FindAsync(OpenApiExampleSeeder.DemoUserId);
            user!.TrueName = trueName;
            user.Status = status;
            await db.SaveChangesAsync();
        }

        var code = await host.AuthorizeAsync();
        var json = await host.GetAsync($"/apis/rest/userService/getUserInfo/json?{host.InfoQuery(OpenApiExampleSeeder.AccessToken, code)}");
        var xml = await host.GetAsync($"/apis/rest/userService/getUserInfo/xml?{host.InfoQuery(OpenApiExampleSeeder.AccessToken, code)}");

        Assert.Equal(200, json.Code);
        Assert.Equal("on hold\uFFFD \uFFFD", json.Data.GetProperty("status").GetString());
        Assert.Equal("\uFFFD**", json.Data.GetProperty("truename").GetString());
        var data = System.Xml.Linq.XDocument.Parse(xml.Body).Root!.Element("data")!;
        Assert.Equal("on hold\uFFFD \uFFFD", data.Element("status")!.Value);
    }

    private static string RandomText(Random random)
    {
        var chars = new char[random.Next(1, 64)];
        for (var i = 0; i < chars.Length; i++)
        {
            // Any BMP character except lone surrogates, which cannot be percent-encoded.
            char c;
            do
            {
                c = (char)random.Next(1, 0xFFFF);
            }
            while (char.IsSurrogate(c));
            chars[i] = c;
        }

        return new string(chars);
    }

    [Fact]
    public void Basic_headers_parse_strictly()
    {
        Assert.True(OpenApiClientAuthentication.TryParseBasic("Basic MTEwMjA4NDI5NDpha3U4aEN5WEJkOVNxWWtU", out var id, out var secret));
        Assert.Equal(("1102084294", "aku8hCyXBd9SqYkT"), (id, secret));
        Assert.True(OpenApiClientAuthentication.TryParseBasic("basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("1102084294:a:b")), out _, out var withColon));
        Assert.Equal("a:b", withColon);
        Assert.False(OpenApiClientAuthentication.TryParseBasic("Basic", out _, out _));
        Assert.False(OpenApiClientAuthentication.TryParseBasic("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(":secret")), out _, out _));
        Assert.False(OpenApiClientAuthentication.TryParseBasic("Basic " + new string('A', 2000), out _, out _));
    }
}
