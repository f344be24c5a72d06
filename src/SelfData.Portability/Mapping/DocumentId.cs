using System.Text;

namespace SelfData.Portability.Mapping;

/// <summary>Computes the deterministic <c>_id</c> a record gets in its doctype, for example to link a bill to its file.</summary>
public static class DocumentId
{
    /// <summary>Computes the <c>_id</c> the export builder gives a record.</summary>
    /// <typeparam name="TRecord">The record type.</typeparam>
    /// <param name="mapping">The doctype mapping.</param>
    /// <param name="record">The record.</param>
    /// <returns>The 32-character lowercase hexadecimal id.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="mapping"/> is <see langword="null"/>.</exception>
    public static string Compute<TRecord>(IDoctypeMapping<TRecord> mapping, TRecord record)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        Span<byte> scratch = stackalloc byte[256];
        Span<byte> id = stackalloc byte[32];
        var keys = new IdentityKeyWriter(scratch);
        try
        {
            mapping.WriteIdentity(record, ref keys);
            keys.WriteId(id);
        }
        finally
        {
            keys.Dispose();
        }

        return Encoding.ASCII.GetString(id);
    }
}
