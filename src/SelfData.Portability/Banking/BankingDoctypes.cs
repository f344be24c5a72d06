namespace SelfData.Portability.Banking;

/// <summary>The banking doctypes of today's Cozy: accounts and operations.</summary>
public static class BankingDoctypes
{
    /// <summary>Gets the mapping to <c>io.cozy.bank.accounts</c>.</summary>
    public static BankAccountMapping Accounts { get; } = new();

    /// <summary>Gets the mapping to <c>io.cozy.bank.operations</c>.</summary>
    public static BankOperationMapping Operations { get; } = new();
}
