using Portal.Features.Account;

namespace Portal.UnitTests.Features.Account;

public sealed class LocalizedIdentityErrorDescriberTests
{
    private static readonly LocalizedIdentityErrorDescriber Describer =
        new(new StringLocalizer<LocalizedIdentityErrorDescriber>(new PortalStringLocalizerFactory()));

    private static IEnumerable<MethodInfo> DescriberMethods() =>
        typeof(IdentityErrorDescriber).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.IsVirtual && m.ReturnType == typeof(IdentityError));

    [Fact]
    public void Every_identity_message_is_overridden()
    {
        var notOverridden = DescriberMethods()
            .Where(m => typeof(LocalizedIdentityErrorDescriber).GetMethod(m.Name, m.GetParameters().Select(p => p.ParameterType).ToArray())!
                .DeclaringType != typeof(LocalizedIdentityErrorDescriber))
            .Select(m => m.Name)
            .ToList();

        Assert.Empty(notOverridden);
    }

    [Fact]
    public void In_english_the_messages_and_codes_are_identitys_own()
    {
        // Pages pass descriptions through the localizer again; that only works while the keys match Identity's text.
        var identity = new IdentityErrorDescriber();
        InCulture("en-US", () =>
        {
            foreach (var method in DescriberMethods())
            {
                var arguments = method.GetParameters().Select(p => p.ParameterType == typeof(int) ? (object)8 : "someone@example.com").ToArray();
                var expected = (IdentityError)method.Invoke(identity, arguments)!;
                var actual = (IdentityError)method.Invoke(Describer, arguments)!;
                Assert.Equal(expected.Code, actual.Code);
                Assert.Equal(expected.Description, actual.Description);
            }
        });
    }

    [Fact]
    public void In_chinese_every_message_is_translated()
    {
        InCulture("zh-CN", () =>
        {
            foreach (var method in DescriberMethods())
            {
                var arguments = method.GetParameters().Select(p => p.ParameterType == typeof(int) ? (object)8 : "someone@example.com").ToArray();
                var error = (IdentityError)method.Invoke(Describer, arguments)!;
                Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", error.Description);
            }

            Assert.Equal("用户名 li@example.com 已被使用。", Describer.DuplicateUserName("li@example.com").Description);
            Assert.Equal("密码至少需要 8 个字符。", Describer.PasswordTooShort(8).Description);
        });
    }

    private static void InCulture(string culture, Action action)
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo(culture);
            action();
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
