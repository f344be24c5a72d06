namespace SelfData.Orleans;

/// <summary>The stable codes of cluster failures (<c>SD7xxx</c>), each documented with cause and fix in <c>docs/errors.md</c>.</summary>
public static class ClusterErrorCodes
{
    /// <summary>The database holds a newer SelfData.Orleans schema than this package knows.</summary>
    public const string SchemaTooNew = "SD7001";

    /// <summary>An export names a holder no silo of the cluster was configured for.</summary>
    public const string UnknownHolder = "SD7010";

    /// <summary>The export ledger holds another archive hash for an export than the one published.</summary>
    public const string LedgerMismatch = "SD7011";
}
