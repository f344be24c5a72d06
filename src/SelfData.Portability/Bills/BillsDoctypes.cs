namespace SelfData.Portability.Bills;

/// <summary>The doctypes of bills and issued documents: <c>io.cozy.bills</c> and <c>io.cozy.files</c>.</summary>
public static class BillingDoctypes
{
    /// <summary>Gets the mapping to <c>io.cozy.bills</c>.</summary>
    public static BillMapping Bills { get; } = new();

    /// <summary>Gets the mapping to <c>io.cozy.files</c> metadata, with the file content for archives.</summary>
    public static FileDocumentMapping Files { get; } = new();
}
