namespace SelfData.Portability.Jobs;

/// <summary>
/// An <see cref="IExportArtifactStore"/> in a directory: <c>&lt;root&gt;/&lt;jobId&gt;/&lt;name&gt;</c>. A file is written
/// under a temporary name in the same directory and renamed when committed, so a crash never leaves a partial file
/// under a served name.
/// </summary>
public sealed class FileSystemExportArtifactStore : IExportArtifactStore
{
    private const string TemporarySuffix = ".partial";
    private readonly string _root;

    /// <summary>Initializes a new instance of the <see cref="FileSystemExportArtifactStore"/> class.</summary>
    /// <param name="root">The directory; created when missing.</param>
    public FileSystemExportArtifactStore(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    /// <inheritdoc />
    public ValueTask<ExportArtifactWriter> CreateAsync(string jobId, string name, string contentType, CancellationToken cancellationToken = default)
    {
        var directory = JobDirectory(jobId);
        CheckName(name);
        Directory.CreateDirectory(directory);
        var final = Path.Combine(directory, name);
        var temporary = Path.Combine(directory, "." + name + "." + Guid.NewGuid().ToString("N") + TemporarySuffix);
        var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
        return new(new FileWriter(name, contentType, stream, temporary, final));
    }

    /// <inheritdoc />
    public ValueTask<Stream?> OpenReadAsync(string jobId, string name, CancellationToken cancellationToken = default)
    {
        CheckName(name);
        var path = Path.Combine(JobDirectory(jobId), name);
        try
        {
            return new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new((Stream?)null);
        }
    }

    /// <inheritdoc />
    public ValueTask DeleteAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var directory = JobDirectory(jobId);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    private string JobDirectory(string jobId)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        if (jobId.Length is 0 or > 64 || !jobId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException("A job id is 1 to 64 ASCII letters, digits, '-' or '_'.", nameof(jobId));
        }

        return Path.Combine(_root, jobId);
    }

    private static void CheckName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > 200 || name[0] == '.' || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            throw new ArgumentException("An artifact name is 1 to 200 ASCII letters, digits, '.', '-' or '_', not starting with '.'.", nameof(name));
        }
    }

    private sealed class FileWriter(string name, string contentType, FileStream stream, string temporary, string final) : ExportArtifactWriter(name, contentType, stream)
    {
        protected override ValueTask PublishAsync(CancellationToken cancellationToken)
        {
            File.Move(temporary, final, overwrite: true);
            return ValueTask.CompletedTask;
        }

        protected override ValueTask DiscardAsync()
        {
            File.Delete(temporary);
            return ValueTask.CompletedTask;
        }
    }
}
