namespace Arbor.Engine.Output;

/// <summary>
/// Many short texts encoded once as CSV fields (UTF-8, quoted where the contract's CSV needs it)
/// into one byte array, so writing millions of lines copies bytes instead of encoding strings.
/// </summary>
internal sealed class EncodedTexts
{
    private readonly byte[] _bytes;
    private readonly int[] _starts;

    private EncodedTexts(byte[] bytes, int[] starts)
    {
        _bytes = bytes;
        _starts = starts;
        MaxLength = 0;
        for (var i = 1; i < starts.Length; i++) MaxLength = Math.Max(MaxLength, starts[i] - starts[i - 1]);
    }

    /// <summary>The longest encoded field, in bytes.</summary>
    public int MaxLength { get; }

    /// <summary>Text <paramref name="index"/> as an encoded CSV field.</summary>
    public ReadOnlySpan<byte> this[int index] => _bytes.AsSpan(_starts[index], _starts[index + 1] - _starts[index]);

    public static EncodedTexts Of(string[] texts)
    {
        var starts = new int[texts.Length + 1];
        long total = 0;
        for (var i = 0; i < texts.Length; i++)
        {
            total += Utf8CsvWriter.FieldLength(texts[i]);
            starts[i + 1] = checked((int)total);
        }
        var bytes = new byte[total];
        for (var i = 0; i < texts.Length; i++) Utf8CsvWriter.EncodeField(texts[i], bytes.AsSpan(starts[i], starts[i + 1] - starts[i]));
        return new EncodedTexts(bytes, starts);
    }
}
