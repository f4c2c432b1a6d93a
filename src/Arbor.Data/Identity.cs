using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Data;

/// <summary>
/// A sign-in to the web app: staff (role <c>admin</c>) or a distributor (role <c>member</c>),
/// whose sign-in is tied to its member record by <see cref="MemberId"/>.
/// </summary>
public sealed class ArborUser : IdentityUser
{
    /// <summary>The member this sign-in belongs to; null for staff.</summary>
    public long? MemberId { get; set; }

    /// <summary>The user's language (<c>en</c>, <c>nl</c>, <c>nb</c>, <c>id</c>); null: from the browser.</summary>
    public string? Language { get; set; }
}

/// <summary>
/// ASP.NET Core Identity's tables in Arbor's database, named like Arbor's own (snake_case). As
/// with <see cref="ArborContext"/>, the schema belongs to the hand-written migrations
/// (<c>0004_identity.sql</c>); this model only names the tables and columns.
/// </summary>
public sealed class IdentityContext(DbContextOptions<IdentityContext> options) : IdentityDbContext<ArborUser>(options)
{
    /// <summary>Options for this context on <paramref name="database"/>.</summary>
    public static void Configure(DbContextOptionsBuilder options, ArborDatabase database)
    {
        if (database.Provider == Provider.Sqlite) options.UseSqlite(database.ConnectionString);
        else options.UseNpgsql(database.ConnectionString);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<ArborUser>().ToTable("users");
        builder.Entity<IdentityRole>().ToTable("roles");
        builder.Entity<IdentityUserRole<string>>().ToTable("user_roles");
        builder.Entity<IdentityUserClaim<string>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<string>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<string>>().ToTable("user_tokens");
        builder.Entity<IdentityRoleClaim<string>>().ToTable("role_claims");
        foreach (var entity in builder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties()) property.SetColumnName(Naming.SnakeCase(property.Name));
            foreach (var index in entity.GetIndexes()) index.SetDatabaseName(null);
        }
    }
}
