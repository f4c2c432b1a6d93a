namespace Arbor.Engine.Model;

/// <summary>An inclusive date range; only orders dated inside it count.</summary>
public sealed record Period(DateOnly From, DateOnly To)
{
    /// <summary>True when the day (a <see cref="DateOnly.DayNumber"/>) lies in the period.</summary>
    public bool Contains(int dayNumber) => dayNumber >= From.DayNumber && dayNumber <= To.DayNumber;
}
