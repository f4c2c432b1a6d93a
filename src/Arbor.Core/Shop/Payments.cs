namespace Arbor.Core.Shop;

/// <summary>What a payment provider answered: approved with its reference, or declined with why.</summary>
public sealed record PaymentResult(bool Approved, string Reference, string? Declined = null);

/// <summary>
/// The payment provider of the replicated shop. A checkout authorizes the amount before the order
/// is stored and captures it after; an authorization that is never captured (the order was not
/// stored) lapses at the provider.
/// </summary>
public interface IPaymentGateway
{
    Task<PaymentResult> AuthorizeAsync(decimal amount, string currency, string reference, CancellationToken ct);

    Task CaptureAsync(string paymentReference, CancellationToken ct);
}

/// <summary>
/// STAND-IN, NOT A PAYMENT PROVIDER: approves every payment and moves no money. Arbor ships no
/// provider integration; a company plugs in its own <see cref="IPaymentGateway"/>.
/// </summary>
public sealed class ApprovingPaymentStandIn : IPaymentGateway
{
    public Task<PaymentResult> AuthorizeAsync(decimal amount, string currency, string reference, CancellationToken ct) =>
        Task.FromResult(new PaymentResult(true, $"standin-{reference}"));

    public Task CaptureAsync(string paymentReference, CancellationToken ct) => Task.CompletedTask;
}
