namespace SelfData.Portability.Customers;

/// <summary>
/// The customer and contract doctypes: the MesInfos supplier records (<c>org.fing.mesinfos.client</c>, <c>.contract</c>,
/// <c>.paymentterms</c>, <c>.home</c>), today's Cozy <c>io.cozy.identities</c>, and the Enedis customer doctypes
/// (<c>fr.enedis.api.customers.*</c>).
/// </summary>
public static class CustomerDoctypes
{
    /// <summary>Gets the mapping to <c>org.fing.mesinfos.client</c>.</summary>
    public static CustomerMapping Clients { get; } = new();

    /// <summary>Gets the mapping to <c>org.fing.mesinfos.contract</c>.</summary>
    public static SupplyContractMapping Contracts { get; } = new();

    /// <summary>Gets the mapping to <c>org.fing.mesinfos.paymentterms</c>.</summary>
    public static SupplyPaymentTermsMapping PaymentTerms { get; } = new();

    /// <summary>Gets the mapping to <c>org.fing.mesinfos.home</c>.</summary>
    public static HomeEnergyProfileMapping Homes { get; } = new();

    /// <summary>Gets the mapping to <c>io.cozy.identities</c>.</summary>
    public static PersonIdentityMapping Identities { get; } = new();

    /// <summary>Gets the mapping to <c>fr.enedis.api.customers.identity</c>.</summary>
    public static EnedisCustomerIdentityMapping EnedisIdentities { get; } = new();

    /// <summary>Gets the mapping to <c>fr.enedis.api.customers.usagepoints</c>.</summary>
    public static EnedisUsagePointMapping EnedisUsagePoints { get; } = new();

    /// <summary>Gets the mapping to <c>fr.enedis.api.customers.usagepointaddress</c>.</summary>
    public static EnedisUsagePointAddressMapping EnedisUsagePointAddresses { get; } = new();
}
