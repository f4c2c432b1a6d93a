using Arbor.Data;

namespace Arbor.Core.Tests;

public class DatabaseConfigTests
{
    [Theory]
    [InlineData("sqlite:arbor.db", Provider.Sqlite, "sqlite:arbor.db")]
    [InlineData("SQLITE:/tmp/x.db", Provider.Sqlite, "sqlite:/tmp/x.db")]
    [InlineData("Host=db.local;Database=arbor;Username=app;Password=secret", Provider.Postgres, "postgres:Host=db.local;Database=arbor;Username=app")]
    [InlineData("postgres://app:s%40cret@db.local:6543/arbor", Provider.Postgres, "postgres:Host=db.local;Port=6543;Database=arbor;Username=app")]
    public void Parse_ReadsBothProviders_AndNeverShowsThePassword(string value, Provider provider, string shown)
    {
        var db = ArborDatabase.Parse(value);
        Assert.Equal(provider, db.Provider);
        Assert.Equal(shown, db.ToString());
    }

    [Fact]
    public void Parse_OfAPostgresUrl_KeepsThePassword()
    {
        var db = ArborDatabase.Parse("postgresql://app:s%40cret@db.local/arbor");
        Assert.Contains("Password=s@cret", db.ConnectionString, StringComparison.Ordinal);
        Assert.Contains("Port=5432", db.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OfAPostgresUrl_TakesItsQuerySettings()
    {
        var db = ArborDatabase.Parse("postgres://app:pw@db.local/arbor?sslmode=require");
        Assert.Contains("SSL Mode=Require", db.ConnectionString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres://u:secret@host:abc/db", "--db 'postgres://…@host:abc/db': not a valid postgres:// URL (postgres://user:password@host:port/database)")]
    [InlineData("sqlite:", "--db sqlite: needs a file name, like sqlite:arbor.db")]
    [InlineData("arbor.db", "--db 'arbor.db': use sqlite:FILE or a PostgreSQL connection string (Host=...;Database=...)")]
    public void Parse_RefusesWhatItCannotRead_SayingWhy(string value, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => ArborDatabase.Parse(value));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Resolve_PrefersTheOption_ThenTheDefault()
    {
        Assert.Equal("sqlite:given.db", ArborDatabase.Resolve("sqlite:given.db").ToString());
        // ARBOR_DB may be set on a developer's machine; without it the default is sqlite:arbor.db.
        var expected = Environment.GetEnvironmentVariable(ArborDatabase.EnvironmentVariable) is { Length: > 0 } env ? ArborDatabase.Parse(env).ToString() : "sqlite:arbor.db";
        Assert.Equal(expected, ArborDatabase.Resolve(null).ToString());
    }
}
