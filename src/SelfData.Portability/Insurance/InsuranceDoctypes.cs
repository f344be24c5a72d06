namespace SelfData.Portability.Insurance;

/// <summary>
/// The insurance doctypes of the MesInfos pilot (MAIF, <c>fr.maif.maifuser.*</c>): each holds one document per
/// policyholder, wrapping the policyholder's contracts, profile, household, homes, payment terms or claims.
/// </summary>
public static class InsuranceDoctypes
{
    /// <summary>Gets the mapping to <c>fr.maif.maifuser.contrat</c> (contracts).</summary>
    public static MaifContractMapping Contracts { get; } = new();

    /// <summary>Gets the mapping to <c>fr.maif.maifuser.societaire</c> (the policyholder's profile).</summary>
    public static MaifPolicyholderMapping Policyholders { get; } = new();

    /// <summary>Gets the mapping to <c>fr.maif.maifuser.foyer</c> (the household).</summary>
    public static MaifHouseholdMapping Households { get; } = new();

    /// <summary>Gets the mapping to <c>fr.maif.maifuser.home</c> (insured homes).</summary>
    public static MaifHomeMapping Homes { get; } = new();

    /// <summary>Gets the mapping to <c>fr.maif.maifuser.paymentterms</c> (payment method and bank account).</summary>
    public static MaifPaymentTermsMapping PaymentTerms { get; } = new();

    /// <summary>Gets the mapping to <c>fr.maif.maifuser.sinistre</c> (claims).</summary>
    public static MaifClaimMapping Claims { get; } = new();
}
