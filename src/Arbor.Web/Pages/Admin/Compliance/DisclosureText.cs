using System.Globalization;
using Arbor.Core.Compliance;
using Microsoft.Extensions.Localization;

namespace Arbor.Web.Pages.Admin.Compliance;

/// <summary>
/// The income disclosure statement's texts in the request's language: the one place the back
/// office builds <see cref="DisclosureLabels"/> (keys <c>DL.*</c> in Admin.resx, one per label).
/// The page and the printable document both use them, so they say the same.
/// </summary>
public static class DisclosureText
{
    public static DisclosureLabels Labels(IStringLocalizer a) => new()
    {
        Culture = CultureInfo.CurrentCulture,
        Language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName,
        Title = a["DL.Title"],
        Intro = a["DL.Intro"],
        EarningsHeading = a["DL.EarningsHeading"],
        ExpensesHeading = a["DL.ExpensesHeading"],
        ParticipationHeading = a["DL.ParticipationHeading"],
        NotesHeading = a["DL.NotesHeading"],
        Rank = a["DL.Rank"],
        Participants = a["DL.Participants"],
        ShareOfParticipants = a["DL.ShareOfParticipants"],
        Median = a["DL.Median"],
        Mean = a["DL.Mean"],
        P10 = a["DL.P10"],
        P90 = a["DL.P90"],
        Minimum = a["DL.Minimum"],
        Maximum = a["DL.Maximum"],
        EarnedNothing = a["DL.EarnedNothing"],
        MonthsToRank = a["DL.MonthsToRank"],
        RetailProfit = a["DL.RetailProfit"],
        TotalEarnings = a["DL.TotalEarnings"],
        MedianPurchases = a["DL.MedianPurchases"],
        MeanPurchases = a["DL.MeanPurchases"],
        EarnedLessThanPurchases = a["DL.EarnedLessThanPurchases"],
        MonthsParticipating = a["DL.MonthsParticipating"],
        Months = a["DL.Months"],
        AllParticipants = a["DL.AllParticipants"],
        AtJoining = a["DL.AtJoining"],
        NoOne = a["DL.NoOne"],
        NoteGross = a["DL.NoteGross"],
        NoteZeroEarners = a["DL.NoteZeroEarners"],
        NoteNotAnnualised = a["DL.NoteNotAnnualised"],
        NoteExpenses = a["DL.NoteExpenses"],
        NoteRank = a["DL.NoteRank"],
        NotePercentiles = a["DL.NotePercentiles"],
        NoteOpenPeriods = a["DL.NoteOpenPeriods"],
        NoteNonParticipants = a["DL.NoteNonParticipants"],
        PeriodRange = a["DL.PeriodRange"],
    };
}
