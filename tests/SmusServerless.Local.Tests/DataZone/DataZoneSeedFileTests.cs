using System.Text.Json;
using SmusServerless.Local.DataZone;

namespace SmusServerless.Local.Tests.DataZone;

public sealed class DataZoneSeedFileTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dz-seed-" + Guid.NewGuid().ToString("N"));

    public DataZoneSeedFileTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Listings_come_from_a_fixture_file_next_to_the_seed()
    {
        File.WriteAllText(Path.Combine(_directory, "catalog.json"),
            """{"listings":[{"databaseName":"db","tableName":"t1","owningProject":"owner"}]}""");
        File.WriteAllText(Path.Combine(_directory, "seed.json"),
            """{"domains":[{"name":"d","id":"dzd_seedfile1","projects":[{"name":"owner"}],"listingsFile":"catalog.json"}]}""");
        var simulator = new DataZoneSimulator(new DataZoneSimulatorOptions());
        await simulator.SeedAsync(DataZoneSeed.Load(Path.Combine(_directory, "seed.json")));
        var found = await simulator.Call("SearchListings", """{"domainIdentifier":"dzd_seedfile1","searchText":"t1"}""");
        Assert.Equal(1, (int?)found["totalMatchCount"]);
    }

    [Fact]
    public void A_missing_fixture_file_is_named()
    {
        File.WriteAllText(Path.Combine(_directory, "seed.json"), """{"domains":[{"name":"d","listingsFile":"nope.json"}]}""");
        var error = Assert.Throws<FileNotFoundException>(() => DataZoneSeed.Load(Path.Combine(_directory, "seed.json")));
        Assert.Contains("domains[0].listingsFile", error.Message);
    }

    [Fact]
    public void A_misspelt_seed_member_is_refused()
    {
        var error = Assert.Throws<JsonException>(() => DataZoneSeed.Parse("""{"domains":[{"name":"d","projcts":[]}]}"""));
        Assert.Contains("projcts", error.Message);
    }

    [Fact]
    public void A_listing_owned_by_an_unknown_project_is_refused()
    {
        var seed = DataZoneSeed.Parse("""{"domains":[{"name":"d","listings":[{"databaseName":"db","tableName":"t","owningProject":"ghost"}]}]}""");
        var simulator = new DataZoneSimulator(new DataZoneSimulatorOptions());
        var error = Assert.Throws<InvalidDataException>(() => simulator.SeedAsync(seed).GetAwaiter().GetResult());
        Assert.Contains("owning project 'ghost'", error.Message);
    }
}
