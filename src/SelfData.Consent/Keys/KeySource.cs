using SelfData.Core;
using Microsoft.IdentityModel.Protocols;
using SelfData.Jose;

namespace SelfData.Consent;

/// <summary>
/// Represents where the trusted keys of an issuer come from: a static key set, a JWKS file, or the issuer's JWKS URL.
/// Keys are looked up by exact key id; a key source never tries every key.
/// </summary>
public abstract class KeySource
{
    /// <summary>Finds the key with exactly this key id, refreshing the source if the key is unknown and the source allows it.</summary>
    /// <param name="keyId">The key id from a JWS header.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>The key, or <see langword="null"/> when the source has no key with this id.</returns>
    /// <exception cref="ConsentKeySourceException">The source could not be read (<c>SD1039</c>).</exception>
    /// <exception cref="OperationCanceledException">The operation was canceled.</exception>
    public abstract ValueTask<VerificationKey?> FindKeyAsync(string keyId, CancellationToken cancellationToken = default);

    /// <summary>Finds a key among the keys already loaded, without any I/O.</summary>
    /// <param name="keyId">The key id.</param>
    /// <returns>The key, or <see langword="null"/>.</returns>
    public abstract VerificationKey? FindLoadedKey(string keyId);

    /// <summary>Creates a source holding fixed keys.</summary>
    /// <param name="keys">The keys.</param>
    /// <returns>The source.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="keys"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Two keys have the same key id.</exception>
    public static KeySource FromKeys(params VerificationKey[] keys) => new StaticKeySource(new VerificationKeySet(keys));

    /// <summary>Creates a source holding a fixed key set.</summary>
    /// <param name="keys">The key set.</param>
    /// <returns>The source.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="keys"/> is <see langword="null"/>.</exception>
    public static KeySource FromKeySet(VerificationKeySet keys) => new StaticKeySource(keys ?? throw new ArgumentNullException(nameof(keys)));

    /// <summary>
    /// Creates a source holding the keys of a Microsoft.IdentityModel <see cref="Microsoft.IdentityModel.Tokens.JsonWebKeySet"/>,
    /// for an application that already has one (from its own configuration or an OpenID Connect configuration manager).
    /// Each key is read with the SDK's rules (an algorithm bound to the key, RSA of at least 2048 bits, a key id, signing
    /// keys only); the set's types are not kept.
    /// </summary>
    /// <param name="keys">The key set.</param>
    /// <returns>The source, or the first key the SDK refuses (<c>SD1037</c>, <c>SD1038</c>, <c>SD1027</c>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="keys"/> is <see langword="null"/>.</exception>
    public static ParseResult<KeySource> FromJsonWebKeySet(Microsoft.IdentityModel.Tokens.JsonWebKeySet keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var parsed = new List<VerificationKey>();
        foreach (var key in keys.Keys)
        {
            using var stream = new MemoryStream();
            using (var writer = new System.Text.Json.Utf8JsonWriter(stream))
            {
                writer.WriteStartObject();
                Write(writer, "kty", key.Kty);
                Write(writer, "kid", key.Kid);
                Write(writer, "use", key.Use);
                Write(writer, "alg", key.Alg);
                Write(writer, "crv", key.Crv);
                Write(writer, "x", key.X);
                Write(writer, "y", key.Y);
                Write(writer, "n", key.N);
                Write(writer, "e", key.E);
                Write(writer, "k", key.K);
                writer.WriteEndObject();
            }

            var result = VerificationKey.FromJwk(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
            if (!result.Success)
            {
                return ParseResult.ForError<KeySource>(result.Error!);
            }

            parsed.Add(result.Value);
        }

        try
        {
            return ParseResult.ForValue(FromKeySet(new VerificationKeySet(parsed)));
        }
        catch (SelfDataArgumentException ex)
        {
            return ParseResult.ForError<KeySource>(ex.Errors[0]);
        }

        static void Write(System.Text.Json.Utf8JsonWriter writer, string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                writer.WriteString(name, value);
            }
        }
    }

    /// <summary>Creates a source reading a JWK Set file, read on first use and read again when an unknown key id is asked for and the file has changed.</summary>
    /// <param name="path">The path of the JWKS file.</param>
    /// <returns>The source.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    public static KeySource FromJwksFile(string path) => new JwksFileKeySource(path);

    /// <summary>
    /// Creates a source fetching an issuer's JWK Set through Microsoft.IdentityModel's configuration manager: cached,
    /// refreshed automatically, and refreshed at once when an unknown key id is asked for (at most once per
    /// <see cref="JwksUrlOptions.MinimumRefreshInterval"/>).
    /// </summary>
    /// <param name="jwksUrl">The URL of the JWK Set. Only this configured URL is ever fetched; URLs in tokens are ignored.</param>
    /// <param name="options">The fetching options, or <see langword="null"/> for the defaults.</param>
    /// <param name="timeProvider">The clock for the refresh rate limit, or <see langword="null"/> for the system clock.</param>
    /// <returns>The source.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="jwksUrl"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The URL is not absolute, or is not HTTPS while <see cref="JwksUrlOptions.RequireHttps"/> is set.</exception>
    public static KeySource FromJwksUrl(Uri jwksUrl, JwksUrlOptions? options = null, TimeProvider? timeProvider = null) =>
        new JwksUrlKeySource(jwksUrl, options ?? new JwksUrlOptions(), timeProvider ?? TimeProvider.System);
}

/// <summary>Represents the options of a JWKS URL key source.</summary>
public sealed class JwksUrlOptions
{
    /// <summary>Gets or sets a value indicating whether only HTTPS URLs are fetched.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool RequireHttps { get; set; } = true;

    /// <summary>Gets or sets the shortest time between two refreshes caused by unknown key ids. Microsoft.IdentityModel adds its own floor of 1 second.</summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan MinimumRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how often the key set is refreshed even when every key id is known.</summary>
    /// <value>The default value is 12 hours.</value>
    public TimeSpan AutomaticRefreshInterval { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Gets or sets how long a refresh is awaited before the key is reported unknown.</summary>
    /// <value>The default value is 10 seconds.</value>
    public TimeSpan RefreshTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the HTTP client used to fetch the key set, or <see langword="null"/> for a new one.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public HttpClient? HttpClient { get; set; }
}

internal sealed class StaticKeySource(VerificationKeySet keys) : KeySource
{
    public override ValueTask<VerificationKey?> FindKeyAsync(string keyId, CancellationToken cancellationToken = default) => ValueTask.FromResult(keys.Find(keyId));

    public override VerificationKey? FindLoadedKey(string keyId) => keys.Find(keyId);
}

internal sealed class JwksFileKeySource : KeySource
{
    private readonly string _path;
    private volatile VerificationKeySet? _keys;
    private DateTime _lastWrite;

    public JwksFileKeySource(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = path;
    }

    public override async ValueTask<VerificationKey?> FindKeyAsync(string keyId, CancellationToken cancellationToken = default)
    {
        var key = _keys?.Find(keyId);
        if (key is not null)
        {
            return key;
        }

        // Concurrent callers may both read the file; the last one wins, which is harmless.
        {
            DateTime lastWrite;
            try
            {
                lastWrite = File.GetLastWriteTimeUtc(_path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ConsentKeySourceException($"The JWKS file '{_path}' cannot be read.", e);
            }

            if (_keys is null || lastWrite != _lastWrite)
            {
                string json;
                try
                {
                    json = await File.ReadAllTextAsync(_path, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new ConsentKeySourceException($"The JWKS file '{_path}' cannot be read.", e);
                }

                var parsed = VerificationKeySet.Parse(json);
                if (!parsed.Success)
                {
                    throw new ConsentKeySourceException($"The JWKS file '{_path}' is not a valid JWK Set: {parsed.Error}");
                }

                _keys = parsed.Value;
                _lastWrite = lastWrite;
            }

            return _keys.Find(keyId);
        }
    }

    public override VerificationKey? FindLoadedKey(string keyId) => _keys?.Find(keyId);
}

internal sealed class JwksUrlKeySource : KeySource
{
    private readonly ConfigurationManager<VerificationKeySet> _manager;
    private readonly JwksRetriever _retriever;
    private readonly JwksUrlOptions _options;
    private readonly TimeProvider _time;
    private readonly Uri _url;
    private readonly object _gate = new();
    private VerificationKeySet? _current;
    private DateTimeOffset _lastRefresh = DateTimeOffset.MinValue;

    public JwksUrlKeySource(Uri url, JwksUrlOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            throw new SelfDataArgumentException(ConsentErrorCodes.InvalidOptions, "The JWKS URL must be absolute.", nameof(url));
        }

        if (options.RequireHttps && url.Scheme != Uri.UriSchemeHttps)
        {
            throw new SelfDataArgumentException(ConsentErrorCodes.InvalidOptions, "The JWKS URL must be HTTPS (or set RequireHttps to false).", nameof(url));
        }

        _url = url;
        _options = options;
        _time = time;
        _retriever = new JwksRetriever();
        var documents = new HttpDocumentRetriever(options.HttpClient ?? new HttpClient()) { RequireHttps = options.RequireHttps };
        _manager = new ConfigurationManager<VerificationKeySet>(url.AbsoluteUri, _retriever, documents)
        {
            AutomaticRefreshInterval = options.AutomaticRefreshInterval < ConfigurationManager<VerificationKeySet>.MinimumAutomaticRefreshInterval
                ? ConfigurationManager<VerificationKeySet>.MinimumAutomaticRefreshInterval
                : options.AutomaticRefreshInterval,
            RefreshInterval = ConfigurationManager<VerificationKeySet>.MinimumRefreshInterval,
        };
    }

    public override async ValueTask<VerificationKey?> FindKeyAsync(string keyId, CancellationToken cancellationToken = default)
    {
        var keys = await GetAsync(cancellationToken).ConfigureAwait(false);
        var key = keys.Find(keyId);
        if (key is not null)
        {
            return key;
        }

        // Unknown kid: the issuer may have rotated its keys. Refresh, at most once per MinimumRefreshInterval.
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (now - _lastRefresh < _options.MinimumRefreshInterval)
            {
                return null;
            }

            _lastRefresh = now;
        }

        var retrieval = _retriever.NextRetrieval();
        _manager.RequestRefresh();
        keys = await GetAsync(cancellationToken).ConfigureAwait(false);
        key = keys.Find(keyId);
        if (key is not null)
        {
            return key;
        }

        try
        {
            await retrieval.WaitAsync(_options.RefreshTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ConsentKeySourceException($"The JWKS at '{_url}' could not be refreshed.", e);
        }

        // The manager stores the new set just after the retriever returns it: read the retriever's copy.
        return _retriever.Latest?.Find(keyId) ?? (await GetAsync(cancellationToken).ConfigureAwait(false)).Find(keyId);
    }

    public override VerificationKey? FindLoadedKey(string keyId) => _current?.Find(keyId) ?? _retriever.Latest?.Find(keyId);

    private async ValueTask<VerificationKeySet> GetAsync(CancellationToken cancellationToken)
    {
        try
        {
            _current = await _manager.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
            return _current;
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception e) when (e is not ConsentKeySourceException)
        {
            throw new ConsentKeySourceException($"The JWKS at '{_url}' could not be fetched.", e);
        }
    }

    private sealed class JwksRetriever : IConfigurationRetriever<VerificationKeySet>
    {
        private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private volatile VerificationKeySet? _latest;

        public VerificationKeySet? Latest => _latest;

        public Task NextRetrieval() => Volatile.Read(ref _next).Task;

        public async Task<VerificationKeySet> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
        {
            var done = Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            try
            {
                var json = await retriever.GetDocumentAsync(address, cancel).ConfigureAwait(false);
                var keys = VerificationKeySet.Parse(json);
                if (!keys.Success)
                {
                    throw new ConsentKeySourceException($"The document at '{address}' is not a valid JWK Set: {keys.Error}");
                }

                _latest = keys.Value;
                done.TrySetResult();
                return keys.Value;
            }
            catch (Exception e)
            {
                done.TrySetException(e);
                throw;
            }
        }
    }
}
