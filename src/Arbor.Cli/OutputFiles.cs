namespace Arbor.Cli;

/// <summary>
/// What a command writes to <c>--out</c>, all or nothing. The command writes to <see cref="Staging"/>
/// (a temporary file beside the target, or a temporary folder inside the target folder);
/// <see cref="Commit"/> moves what it wrote into place; disposing without committing deletes it
/// (and the target folder too when this created it and it is left empty). The target is checked
/// when the scope is made, before the command does any work or stores anything: a file where a
/// folder is expected, or the reverse, or a place that cannot be written is an
/// <see cref="OutputException"/>.
/// </summary>
internal sealed class OutputFiles : IDisposable
{
    private readonly string _target;
    private readonly bool _folder;
    private readonly string[] _names;
    private readonly string? _createdFolder;
    private bool _done;

    private OutputFiles(string target, bool folder, string[] names, string staging, string? createdFolder)
    {
        _target = target;
        _folder = folder;
        _names = names;
        Staging = staging;
        _createdFolder = createdFolder;
    }

    /// <summary>The files a period's computation writes into its folder (commissions run, periods preview).</summary>
    public static readonly string[] PeriodFiles = ["payouts.csv", "members.csv", "summary.json", "clawbacks.csv"];

    /// <summary>Where the command writes: the path to give the code that writes the file or the files.</summary>
    public string Staging { get; }

    /// <summary>
    /// Files into <paramref name="folder"/> (created if missing). <paramref name="names"/> are the files
    /// the command owns there: one of them that this run does not write is removed on commit, so that
    /// no file of an earlier run is left beside the new ones.
    /// </summary>
    public static OutputFiles ForFolder(string folder, params string[] names)
    {
        if (File.Exists(folder)) throw new OutputException(folder, "it is a file; a folder is expected");
        var created = EnsureFolder(folder, folder);
        var staging = Path.Combine(folder, $".arbor-{Guid.NewGuid():N}.partial");
        try
        {
            Directory.CreateDirectory(staging);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RemoveIfEmpty(created);
            throw new OutputException(folder, e.Message);
        }
        return new OutputFiles(folder, true, names, staging, created);
    }

    /// <summary>The file <paramref name="path"/> (its folder created if missing).</summary>
    public static OutputFiles ForFile(string path)
    {
        if (Directory.Exists(path)) throw new OutputException(path, "it is a folder; a file name is expected");
        var created = EnsureFolder(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", path);
        var staging = $"{path}.{Guid.NewGuid():N}.partial";
        try
        {
            using (File.Create(staging)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RemoveIfEmpty(created);
            throw new OutputException(path, e.Message);
        }
        return new OutputFiles(path, false, [], staging, created);
    }

    /// <summary>Moves what was written into place.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        if (!_folder)
        {
            File.Move(Staging, _target, overwrite: true);
        }
        else
        {
            var written = Directory.GetFiles(Staging).Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
            foreach (var name in written) File.Move(Path.Combine(Staging, name!), Path.Combine(_target, name!), overwrite: true);
            foreach (var name in _names.Where(n => !written.Contains(n))) File.Delete(Path.Combine(_target, name));
            Directory.Delete(Staging, recursive: true);
        }
        _done = true;
    }

    public void Dispose()
    {
        if (_done) return;
        _done = true;
        if (_folder && Directory.Exists(Staging)) Directory.Delete(Staging, recursive: true);
        if (!_folder) File.Delete(Staging);
        RemoveIfEmpty(_createdFolder);
    }

    /// <summary>Creates <paramref name="folder"/> when missing; returns the outermost folder this created (to remove again), or null.</summary>
    private static string? EnsureFolder(string folder, string target)
    {
        var full = Path.GetFullPath(folder);
        string? created = null;
        for (var f = full; f is not null && !Directory.Exists(f); f = Path.GetDirectoryName(f))
        {
            if (File.Exists(f)) throw new OutputException(target, $"{f} is a file; a folder is expected");
            created = f;
        }
        try
        {
            Directory.CreateDirectory(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputException(target, e.Message);
        }
        return created;
    }

    private static void RemoveIfEmpty(string? folder)
    {
        if (folder is null || !Directory.Exists(folder)) return;
        // Only folders this created, innermost first; the outermost is the one recorded.
        foreach (var dir in Directory.GetDirectories(folder, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length).Append(folder))
        {
            if (!Directory.EnumerateFileSystemEntries(dir).Any()) Directory.Delete(dir);
        }
    }
}

/// <summary>An output (<c>--out</c>) that cannot be written: a file where a folder is expected, or the reverse, or no permission.</summary>
internal sealed class OutputException(string path, string reason) : Exception($"cannot write {path}: {reason}")
{
    public string Path { get; } = path;
    public string Reason { get; } = reason;
}
