namespace Arbor.Engine.Batch;

internal static class BatchFile
{
    /// <summary>Opens a batch file for sequential reading, or reports why it cannot be read.</summary>
    public static FileStream Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException([new InputError(path, 1, null, $"cannot read the file: {e.Message}")]);
        }
    }
}
