using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Data;

/// <summary>
/// A member's frontline legs over its materialized sponsor path range, grouped in the database
/// (docs/decisions/0002-genealogy-materialized-paths.md). A member's leg is the prefix of its path
/// that ends one level below the member: the member's path, then the next id and its '/'.
/// </summary>
public static class LegQueries
{
    /// <summary>The size of each leg (its head's path → members in it, head included) below the member whose path is <paramref name="path"/>.</summary>
    /// <param name="upperBound">The first path after the member's subtree.</param>
    public static async Task<Dictionary<string, int>> SizesAsync(ArborContext db, string path, string upperBound, CancellationToken ct)
    {
        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var command = await CommandAsync(db, path, upperBound, null, ct);
        command.CommandText = $"SELECT {Head(db)} AS leg, count(*) FROM members m WHERE {Range} GROUP BY leg";
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) sizes[reader.GetString(0)] = Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
        return sizes;
    }

    /// <summary>The PV of each leg (its head's path → PV) from orders dated from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static async Task<Dictionary<string, decimal>> VolumesAsync(ArborContext db, string path, string upperBound, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var volumes = new Dictionary<string, decimal>(StringComparer.Ordinal);
        await using var command = await CommandAsync(db, path, upperBound, (from, to), ct);
        var join = $"FROM orders o JOIN members m ON m.id = o.member_id WHERE {Range} AND o.date >= @from AND o.date <= @to";
        // SQLite holds decimals as text and cannot add them exactly: it returns the rows, C# adds them.
        command.CommandText = db.Target.Provider == Provider.Sqlite
            ? $"SELECT {Head(db)} AS leg, o.pv {join}"
            : $"SELECT {Head(db)} AS leg, sum(o.pv) {join} GROUP BY leg";
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var leg = reader.GetString(0);
            volumes[leg] = volumes.GetValueOrDefault(leg) + reader.GetDecimal(1);
        }
        return volumes;
    }

    private const string Range = "m.path > @lo AND m.path < @hi";

    private static string Head(ArborContext db) => db.Target.Provider == Provider.Sqlite
        ? "substr(m.path, 1, @n + instr(substr(m.path, @n + 1), '/'))"
        : "substr(m.path, 1, @n + strpos(substr(m.path, @n + 1), '/'))";

    private static async Task<DbCommand> CommandAsync(ArborContext db, string path, string upperBound, (DateOnly From, DateOnly To)? dates, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync(ct);
        var command = connection.CreateCommand();
        Sql.Parameter(command, "n", path.Length);
        Sql.Parameter(command, "lo", path);
        Sql.Parameter(command, "hi", upperBound);
        if (dates is { } d)
        {
            Sql.Parameter(command, "from", d.From);
            Sql.Parameter(command, "to", d.To);
        }
        return command;
    }
}
