using Portal.Infrastructure.Time;

namespace Portal.UnitTests.Infrastructure.Time;

public sealed class PortalTimeZoneTests
{
    private static IConfiguration With(string? zone) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { [PortalTimeZone.Setting] = zone })
        .Build();

    [Fact]
    public void Without_a_setting_times_are_shown_in_china_standard_time()
    {
        var zone = PortalTimeZone.Resolve(With(null));

        Assert.NotNull(zone);
        Assert.Equal(TimeSpan.FromHours(8), zone.GetUtcOffset(new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(TimeSpan.FromHours(8), zone.GetUtcOffset(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Local_keeps_the_servers_zone_and_another_id_is_used_as_given()
    {
        Assert.Null(PortalTimeZone.Resolve(With("Local")));
        Assert.Equal("Europe/Berlin", PortalTimeZone.Resolve(With("Europe/Berlin"))!.Id);
    }

    [Fact]
    public void An_unknown_zone_stops_start_up_naming_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => PortalTimeZone.Resolve(With("Mars/Olympus_Mons")));

        Assert.Contains(PortalTimeZone.Setting, error.Message, StringComparison.Ordinal);
        Assert.Contains("Mars/Olympus_Mons", error.Message, StringComparison.Ordinal);
    }
}
