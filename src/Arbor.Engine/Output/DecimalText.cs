using System.Globalization;
using System.Numerics;

namespace Arbor.Engine.Output;

/// <summary>
/// Decimal text as the contract's outputs write it: volumes keep the scale their inputs
/// gave them (<c>25.0 + 0.50 = 25.50</c>), money has exactly two places, and the one
/// ratio (<c>payout_ratio</c>) is a quotient rounded to 28 significant digits, half to
/// even, written in the General Decimal Arithmetic notation (the notation of IEEE 754
/// decimal and of Python's <c>decimal</c>), which keeps an exact quotient's ideal scale.
/// </summary>
public static class DecimalText
{
    /// <summary>A volume as written in output files: the value with its own scale.</summary>
    public static string Volume(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Money with exactly two decimals.</summary>
    public static string Money(long cents)
    {
        var sign = cents < 0 ? "-" : "";
        var abs = cents < 0 ? -(decimal)cents : cents;
        var whole = decimal.Truncate(abs / 100m);
        var frac = (int)(abs - whole * 100m);
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{whole}.{frac:00}");
    }

    /// <summary><paramref name="a"/> / <paramref name="b"/> to 28 significant digits; "0" when <paramref name="b"/> is zero.</summary>
    public static string Quotient(decimal a, decimal b, int precision = 28)
    {
        if (b == 0) return "0";
        var (aCoeff, aExp, aNeg) = Split(a);
        var (bCoeff, bExp, bNeg) = Split(b);
        var negative = aNeg ^ bNeg;
        BigInteger coeff;
        int exp;
        if (aCoeff.IsZero)
        {
            coeff = BigInteger.Zero;
            exp = aExp - bExp;
        }
        else
        {
            var shift = Digits(bCoeff) - Digits(aCoeff) + precision + 1;
            exp = aExp - bExp - shift;
            BigInteger remainder;
            coeff = shift >= 0
                ? BigInteger.DivRem(aCoeff * BigInteger.Pow(10, shift), bCoeff, out remainder)
                : BigInteger.DivRem(aCoeff, bCoeff * BigInteger.Pow(10, -shift), out remainder);
            if (!remainder.IsZero)
            {
                // Inexact: nudge a trailing 0 or 5 so that rounding below sees it is not a tie.
                if (coeff % 5 == 0) coeff += 1;
            }
            else
            {
                // Exact: come as close to the ideal exponent as trailing zeros allow.
                var ideal = aExp - bExp;
                while (exp < ideal && coeff % 10 == 0)
                {
                    coeff /= 10;
                    exp++;
                }
            }
            var excess = Digits(coeff) - precision;
            if (excess > 0)
            {
                var divisor = BigInteger.Pow(10, excess);
                var q = BigInteger.DivRem(coeff, divisor, out var r);
                var twice = r * 2;
                if (twice > divisor || (twice == divisor && !q.IsEven)) q += 1;
                coeff = q;
                exp += excess;
                if (Digits(coeff) > precision)
                {
                    coeff /= 10;
                    exp++;
                }
            }
        }
        return Scientific(negative, coeff, exp);
    }

    private static (BigInteger Coeff, int Exp, bool Negative) Split(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var magnitude = new BigInteger(unchecked((uint)bits[0])) | (new BigInteger(unchecked((uint)bits[1])) << 32) | (new BigInteger(unchecked((uint)bits[2])) << 64);
        var scale = (bits[3] >> 16) & 0xFF;
        return (magnitude, -scale, bits[3] < 0);
    }

    private static int Digits(BigInteger value) => value.IsZero ? 1 : value.ToString(CultureInfo.InvariantCulture).Length;

    /// <summary>to-scientific-string of the General Decimal Arithmetic specification.</summary>
    private static string Scientific(bool negative, BigInteger coeff, int exp)
    {
        var digits = coeff.ToString(CultureInfo.InvariantCulture);
        var leftDigits = exp + digits.Length;
        var dotPlace = exp <= 0 && leftDigits > -6 ? leftDigits : 1;
        string intPart, fracPart;
        if (dotPlace <= 0)
        {
            intPart = "0";
            fracPart = "." + new string('0', -dotPlace) + digits;
        }
        else if (dotPlace >= digits.Length)
        {
            intPart = digits + new string('0', dotPlace - digits.Length);
            fracPart = "";
        }
        else
        {
            intPart = digits[..dotPlace];
            fracPart = "." + digits[dotPlace..];
        }
        var expPart = leftDigits == dotPlace ? "" : "E" + (leftDigits - dotPlace).ToString("+0;-0", CultureInfo.InvariantCulture);
        return (negative ? "-" : "") + intPart + fracPart + expPart;
    }
}
