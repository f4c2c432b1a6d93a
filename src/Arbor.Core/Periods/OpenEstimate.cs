using System.IO.Compression;
using Arbor.Core.Office;
using Arbor.Engine.Explain;
using Arbor.Engine.Plans;

namespace Arbor.Core.Periods;

/// <summary>
/// The open period as last computed, reduced to what the pages and the API show: per member its
/// volumes, activity, ranks, earnings by bonus and what the next rank still needs; the company's
/// totals; the rank names. It is small enough to store (<see cref="WriteTo"/>), so that one app
/// server computes it and every other one reads it (<c>docs/scaling.md</c>).
/// </summary>
public sealed class OpenEstimate
{
    private const byte FormatVersion = 1;

    private readonly Dictionary<long, int> _index;
    private readonly long[] _memberIds;
    private readonly decimal[] _pv;
    private readonly decimal[] _gv;
    private readonly bool[] _active;
    private readonly int[] _rank;
    private readonly int[] _highestRank;
    private readonly long[] _earningsCents;
    private readonly int[] _bonusStart;
    private readonly (BonusType Bonus, long Cents)[] _bonuses;
    private readonly RankGaps?[] _next;

    private OpenEstimate(string period, DateTimeOffset computedAt, TimeSpan elapsed, ChangeStamp stamp, IReadOnlyList<string> rankNames,
        decimal totalCv, long totalPayoutCents, int activeMembers, long[] memberIds, decimal[] pv, decimal[] gv, bool[] active,
        int[] rank, int[] highestRank, long[] earningsCents, int[] bonusStart, (BonusType, long)[] bonuses, RankGaps?[] next)
    {
        Period = period;
        ComputedAt = computedAt;
        Elapsed = elapsed;
        Stamp = stamp;
        RankNames = rankNames;
        TotalCv = totalCv;
        TotalPayoutCents = totalPayoutCents;
        ActiveMembers = activeMembers;
        _memberIds = memberIds;
        _pv = pv;
        _gv = gv;
        _active = active;
        _rank = rank;
        _highestRank = highestRank;
        _earningsCents = earningsCents;
        _bonusStart = bonusStart;
        _bonuses = bonuses;
        _next = next;
        _index = new Dictionary<long, int>(memberIds.Length);
        for (var i = 0; i < memberIds.Length; i++) _index[memberIds[i]] = i;
    }

    /// <summary>The period's key (<c>2026-11</c>).</summary>
    public string Period { get; }

    /// <summary>When the computation ended.</summary>
    public DateTimeOffset ComputedAt { get; }

    /// <summary>How long the computation took.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>What the database held when the computation started: an equal stamp now means the estimate is current.</summary>
    public ChangeStamp Stamp { get; }

    /// <summary>The plan's rank names, by rank index.</summary>
    public IReadOnlyList<string> RankNames { get; }

    public decimal TotalCv { get; }

    /// <summary>What the company would pay: every line but retail profit, clawbacks included, in cents.</summary>
    public long TotalPayoutCents { get; }

    public int ActiveMembers { get; }

    /// <summary>Members in the period.</summary>
    public int Count => _memberIds.Length;

    /// <summary>A member's number in this estimate; null when the member is not in the period (joined later, terminated).</summary>
    public int? IndexOf(long memberId) => _index.TryGetValue(memberId, out var i) ? i : null;

    /// <summary>A member's figures by database id; null when it is not in the period.</summary>
    public Figures? Of(long memberId) => IndexOf(memberId) is { } i ? new Figures(_pv[i], _gv[i], _active[i], _rank[i]) : null;

    public decimal Pv(int member) => _pv[member];
    public decimal Gv(int member) => _gv[member];
    public bool Active(int member) => _active[member];
    public int Rank(int member) => _rank[member];
    public int HighestRank(int member) => _highestRank[member];
    public long EarningsCents(int member) => _earningsCents[member];

    /// <summary>What the rank above the member's paid-as rank still needs; null at the top rank.</summary>
    public RankGaps? Next(int member) => _next[member];

    /// <summary>A member's estimated earnings by bonus, in bonus order, bonuses without lines left out.</summary>
    public ReadOnlySpan<(BonusType Bonus, long Cents)> ByBonus(int member) =>
        _bonuses.AsSpan(_bonusStart[member], _bonusStart[member + 1] - _bonusStart[member]);

    public string RankName(int rank) => RankNames[rank];

    /// <summary>The estimate of a computed period: every member's figures, earnings by bonus and next-rank gaps worked out once.</summary>
    public static OpenEstimate From(ComputedPeriod c, ChangeStamp stamp, DateTimeOffset computedAt, TimeSpan elapsed)
    {
        var r = c.Result;
        var n = r.Network.Count;
        var perMember = new SortedDictionary<BonusType, long>[n];
        foreach (var line in r.Lines)
        {
            var earned = perMember[line.Payee] ??= [];
            earned[line.Bonus] = earned.GetValueOrDefault(line.Bonus) + line.Cents;
        }
        var bonusStart = new int[n + 1];
        var bonuses = new List<(BonusType, long)>();
        var next = new RankGaps?[n];
        for (var m = 0; m < n; m++)
        {
            bonusStart[m] = bonuses.Count;
            if (perMember[m] is { } earned) bonuses.AddRange(earned.Select(e => (e.Key, e.Value)));
            next[m] = NextRank.Of(r, m);
        }
        bonusStart[n] = bonuses.Count;
        return new OpenEstimate(c.Key.Key, computedAt, elapsed, stamp, [.. c.Plan.Ranks.Select(k => k.Name)],
            r.TotalCv, r.TotalPayoutCents + c.Clawbacks.Sum(x => x.Cents), r.ActiveMembers,
            [.. c.Snapshot.MemberIds], r.Pv.ToArray(), r.Gv.ToArray(), r.Active.ToArray(), r.Rank.ToArray(), r.HighestRank.ToArray(),
            r.EarningsCents.ToArray(), bonusStart, [.. bonuses], next);
    }

    /// <summary>Writes the estimate, compressed, for another server to read with <see cref="ReadFrom"/>.</summary>
    public void WriteTo(Stream stream)
    {
        using var zip = new BrotliStream(stream, CompressionLevel.Fastest, leaveOpen: true);
        using var w = new BinaryWriter(zip);
        w.Write(FormatVersion);
        w.Write(Period);
        w.Write(ComputedAt.UtcTicks);
        w.Write(Elapsed.Ticks);
        w.Write(Stamp.LastOrder);
        w.Write(Stamp.Members);
        w.Write(Stamp.LastMember);
        w.Write(Stamp.LastStatusChange);
        w.Write(Stamp.LastAudit);
        w.Write(Stamp.ClosedPeriods);
        w.Write(RankNames.Count);
        foreach (var name in RankNames) w.Write(name);
        w.Write(TotalCv);
        w.Write(TotalPayoutCents);
        w.Write(ActiveMembers);
        var n = _memberIds.Length;
        w.Write(n);
        for (var m = 0; m < n; m++)
        {
            w.Write(_memberIds[m]);
            w.Write(_pv[m]);
            w.Write(_gv[m]);
            w.Write(_active[m]);
            w.Write(_rank[m]);
            w.Write(_highestRank[m]);
            w.Write(_earningsCents[m]);
            var bonuses = ByBonus(m);
            w.Write((byte)bonuses.Length);
            foreach (var (bonus, cents) in bonuses)
            {
                w.Write((byte)bonus);
                w.Write(cents);
            }
            WriteGaps(w, _next[m]);
        }
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote.</summary>
    public static OpenEstimate ReadFrom(Stream stream)
    {
        using var zip = new BrotliStream(stream, CompressionMode.Decompress, leaveOpen: true);
        using var r = new BinaryReader(zip);
        var format = r.ReadByte();
        if (format != FormatVersion) throw new InvalidDataException($"a stored estimate of format {format}, this program reads format {FormatVersion}");
        var period = r.ReadString();
        var computedAt = new DateTimeOffset(r.ReadInt64(), TimeSpan.Zero);
        var elapsed = TimeSpan.FromTicks(r.ReadInt64());
        var stamp = new ChangeStamp(r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadInt32());
        var rankNames = new string[r.ReadInt32()];
        for (var k = 0; k < rankNames.Length; k++) rankNames[k] = r.ReadString();
        var totalCv = r.ReadDecimal();
        var totalPayout = r.ReadInt64();
        var activeMembers = r.ReadInt32();
        var n = r.ReadInt32();
        var (ids, pv, gv, active, rank, highest, earnings) = (new long[n], new decimal[n], new decimal[n], new bool[n], new int[n], new int[n], new long[n]);
        var bonusStart = new int[n + 1];
        var bonuses = new List<(BonusType, long)>();
        var next = new RankGaps?[n];
        for (var m = 0; m < n; m++)
        {
            ids[m] = r.ReadInt64();
            pv[m] = r.ReadDecimal();
            gv[m] = r.ReadDecimal();
            active[m] = r.ReadBoolean();
            rank[m] = r.ReadInt32();
            highest[m] = r.ReadInt32();
            earnings[m] = r.ReadInt64();
            bonusStart[m] = bonuses.Count;
            for (int b = r.ReadByte(); b > 0; b--) bonuses.Add(((BonusType)r.ReadByte(), r.ReadInt64()));
            next[m] = ReadGaps(r);
        }
        bonusStart[n] = bonuses.Count;
        return new OpenEstimate(period, computedAt, elapsed, stamp, rankNames, totalCv, totalPayout, activeMembers,
            ids, pv, gv, active, rank, highest, earnings, bonusStart, [.. bonuses], next);
    }

    private static void WriteGaps(BinaryWriter w, RankGaps? g)
    {
        w.Write(g is not null);
        if (g is null) return;
        w.Write(g.Rank);
        w.Write(g.ActivePv);
        w.Write(g.Pv);
        w.Write(g.Gv);
        WriteOptional(w, g.LegCap);
        w.Write(g.Legs);
        w.Write(g.LegRank ?? -1);
        WriteOptional(w, g.RetailShare);
        WriteOptional(w, g.MinRetailShare);
        w.Write(g.RetailCustomers);
    }

    private static RankGaps? ReadGaps(BinaryReader r)
    {
        if (!r.ReadBoolean()) return null;
        var (rank, activePv, pv, gv, legCap, legs, legRank) = (r.ReadInt32(), r.ReadDecimal(), r.ReadDecimal(), r.ReadDecimal(), ReadOptional(r), r.ReadInt32(), r.ReadInt32());
        return new RankGaps(rank, activePv, pv, gv, legCap, legs, legRank < 0 ? null : legRank)
        {
            RetailShare = ReadOptional(r),
            MinRetailShare = ReadOptional(r),
            RetailCustomers = r.ReadInt32(),
        };
    }

    private static void WriteOptional(BinaryWriter w, decimal? value)
    {
        w.Write(value is not null);
        if (value is { } v) w.Write(v);
    }

    private static decimal? ReadOptional(BinaryReader r) => r.ReadBoolean() ? r.ReadDecimal() : null;
}
