using System.Runtime.CompilerServices;
using NetArchTest.Rules;

namespace Portal.UnitTests;

/// <summary>
/// How the feature folders may depend on each other (docs/architecture.md draws the same table): dependencies go one
/// way, the infrastructure serves every feature and uses none, and what a feature keeps internal stays inside it.
/// </summary>
public sealed class ArchitectureTests
{
    private const string Features = "Portal.Features.";

    /// <summary>Each feature and the features it may use. Anything not listed is a dependency the design does not allow.</summary>
    private static readonly Dictionary<string, string[]> MayUse = new()
    {
        ["Account"] = [],
        ["Audit"] = [],
        ["OpenApi"] = [],
        ["Webhooks"] = [],
        ["Printers"] = ["Webhooks"],
        ["Companies"] = ["Printers"],
        ["Printing"] = ["Printers", "Webhooks"],
        ["Callbacks"] = ["Printers", "Printing"],
        ["Dashboard"] = ["Printers", "Companies", "Audit"],
        ["PrintApi"] = ["Printing"],
    };

    public static TheoryData<string> AllFeatures => new(MayUse.Keys);

    private static Types Portal => Types.InAssembly(typeof(Program).Assembly);

    [Fact]
    public void The_table_names_every_feature_folder()
    {
        var folders = typeof(Program).Assembly.GetTypes()
            .Select(t => t.Namespace ?? "")
            .Where(n => n.StartsWith(Features, StringComparison.Ordinal))
            .Select(n => n[Features.Length..].Split('.')[0])
            .ToHashSet();

        Assert.Equal(MayUse.Keys.Order(), folders.Order());
    }

    [Theory]
    [MemberData(nameof(AllFeatures))]
    public void A_feature_uses_only_the_features_it_may(string feature)
    {
        var forbidden = MayUse.Keys.Where(f => f != feature && !MayUse[feature].Contains(f)).Select(f => Features + f).ToArray();

        var result = Portal.That().ResideInNamespace(Features + feature).ShouldNot().HaveDependencyOnAny(forbidden).GetResult();

        Assert.True(result.IsSuccessful, $"{feature} reaches into a feature it may not use: " + Names(result.FailingTypes));
    }

    [Theory]
    [MemberData(nameof(AllFeatures))]
    public void Every_allowed_dependency_is_one_the_code_really_has(string feature)
    {
        // Keeps the table honest, and shows the check above sees dependencies at all.
        foreach (var used in MayUse[feature])
        {
            Assert.NotEmpty(Portal.That().ResideInNamespace(Features + feature).And().HaveDependencyOn(Features + used).GetTypes());
        }
    }

    [Fact]
    public void The_infrastructure_uses_no_feature()
    {
        var result = Portal.That().ResideInNamespace("Portal.Infrastructure").ShouldNot().HaveDependencyOn("Portal.Features").GetResult();

        Assert.True(result.IsSuccessful, "Infrastructure depends on a feature: " + Names(result.FailingTypes));
    }

    [Fact]
    public void The_shell_uses_only_account_and_companies()
    {
        // App, Routes and the layout: the sign-in redirect and the company switcher.
        var forbidden = MayUse.Keys.Except(["Account", "Companies"]).Select(f => Features + f).ToArray();

        var result = Portal.That().ResideInNamespace("Portal.Components").ShouldNot().HaveDependencyOnAny(forbidden).GetResult();

        Assert.True(result.IsSuccessful, "The shell depends on a feature: " + Names(result.FailingTypes));
    }

    [Theory]
    [MemberData(nameof(AllFeatures))]
    public void What_a_feature_keeps_internal_no_other_feature_uses(string feature)
    {
        var internals = typeof(Program).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith(Features + feature, StringComparison.Ordinal) == true
                        && !t.IsNested && !t.IsPublic && t.GetCustomAttribute<CompilerGeneratedAttribute>() is null)
            .Select(t => t.FullName!)
            .ToArray();
        if (internals.Length == 0)
        {
            return;
        }

        var result = Portal.That().ResideInNamespace("Portal.Features").And().DoNotResideInNamespace(Features + feature)
            .ShouldNot().HaveDependencyOnAny(internals).GetResult();

        Assert.True(result.IsSuccessful, $"Another feature uses {feature}'s internal types: " + Names(result.FailingTypes));
    }

    [Fact]
    public void Pages_and_components_do_not_touch_the_database()
    {
        var result = Portal.That().ImplementInterface(typeof(IComponent))
            .ShouldNot().HaveDependencyOnAny(typeof(PortalDbContext).FullName!, "Microsoft.EntityFrameworkCore.IDbContextFactory`1").GetResult();

        Assert.True(result.IsSuccessful, "These components use the database directly: " + Names(result.FailingTypes));
    }

    private static string Names(IEnumerable<Type>? types) => string.Join(", ", types?.Select(t => t.FullName) ?? []);
}
