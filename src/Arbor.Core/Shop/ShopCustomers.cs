using Arbor.Core.Customers;
using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Shop;

/// <summary>A preferred-customer sign-up in a member's shop. <paramref name="OrdersLink"/> as in <see cref="CheckoutRequest"/>.</summary>
public sealed record PreferredSignUp(string ShopHandle, string Name, string Email, DateOnly Date, Func<long, string>? OrdersLink = null);

/// <summary>What a sign-up did: <c>joined</c> (a new preferred customer), <c>upgraded</c> (a retail customer of this member became preferred) or <c>already</c>.</summary>
public sealed record SignedUp(string Outcome, string Email);

/// <summary>One line of a customer's order: the product, how many, what was paid.</summary>
public sealed record CustomerOrderLine(string Sku, string Name, int Quantity, decimal Amount);

/// <summary>One of a customer's orders or refunds (a return: <paramref name="ReturnOf"/> is the order returned, amounts negative), in the currency the customer paid.</summary>
public sealed record CustomerOrder(string Number, DateOnly Date, decimal Amount, string Currency, string? ReturnOf, IReadOnlyList<CustomerOrderLine> Lines);

/// <summary>A customer's own history: who it is, whose customer, its orders newest first.</summary>
public sealed record CustomerHistory(string Name, string Email, string Kind, string DistributorHandle, string DistributorName, IReadOnlyList<CustomerOrder> Orders);

/// <summary>
/// The shop's customers on their own side: signing up as a preferred customer (who pays the member
/// price, no fee, no obligation to buy), asking for a link to one's orders by e-mail, and the order
/// history behind that link. A customer has no password: the link, signed and time-limited by the
/// host, is the proof of owning the address, and it goes only to that address (through the outbox).
/// Nothing here tells a visitor whether an e-mail address is a customer.
/// </summary>
public sealed class ShopCustomers(ArborContext db, TimeProvider clock)
{
    public async Task<Outcome<SignedUp>> SignUpPreferredAsync(PreferredSignUp r, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(r.Name)) return new Problem("name", "your name is needed");
        var email = r.Email.Trim().ToLowerInvariant();
        if (!email.Contains('@', StringComparison.Ordinal) || email.Length > 200) return new Problem("email", $"'{r.Email}' is not an e-mail address");
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Handle == r.ShopHandle, ct);
        if (member is null || member.Status == "terminated") return new Problem("shop", $"there is no shop '{r.ShopHandle}'");

        await using var tx = await OwnTransaction.BeginAsync(db, ct);
        var customer = await db.Customers.SingleOrDefaultAsync(c => c.Email == email, ct);
        string outcome;
        if (customer is null)
        {
            var added = await new AddCustomer(db).RunAsync(new NewCustomer(r.Name.Trim(), email, "preferred", member.Handle, r.Date), ct);
            if (!added.Ok) return added.Problem!;
            (customer, outcome) = (added.Value!, "joined");
        }
        else if (customer.ReferrerId != member.Id)
        {
            // A customer stays with the member who first referred it (docs/shop.md).
            return new Problem("email", "this address is already the customer of another distributor: ask that distributor to sign you up");
        }
        else if (customer.Kind == "preferred")
        {
            outcome = "already";
        }
        else
        {
            customer.Kind = "preferred";
            outcome = "upgraded";
        }
        if (outcome != "already")
        {
            db.Outbox.Add(new OutboxMessage
            {
                Kind = "preferred-welcome", Recipient = email, Subject = "Welcome as a preferred customer",
                Body = $"Welcome, {customer.Name}. From your next order in {member.Name}'s shop you pay the member price.{ShopFront.OrdersLine(r.OrdersLink, customer.Id)}",
                CreatedAt = clock.GetUtcNow(),
            });
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new SignedUp(outcome, email);
    }

    /// <summary>Sends the link to a customer's orders to its address, when the address is a customer's; says nothing either way.</summary>
    public async Task<Outcome<bool>> SendOrdersLinkAsync(string email, Func<long, string> ordersLink, CancellationToken ct = default)
    {
        email = email.Trim().ToLowerInvariant();
        if (!email.Contains('@', StringComparison.Ordinal) || email.Length > 200) return new Problem("email", $"'{email}' is not an e-mail address");
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Email == email, ct);
        if (customer is null) return false;
        db.Outbox.Add(new OutboxMessage
        {
            Kind = "orders-link", Recipient = email, Subject = "Your orders",
            Body = $"Hello {customer.Name}, here are your orders: {ordersLink(customer.Id)}\n\nThe link works for a day. If you did not ask for it, ignore this message.",
            CreatedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The orders and refunds of customer <paramref name="customerId"/>, newest first.</summary>
    public async Task<Outcome<CustomerHistory>> HistoryAsync(long customerId, CancellationToken ct = default)
    {
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == customerId, ct);
        if (customer is null) return new Problem("customer", "this link is for a customer who is no longer on record");
        var distributor = await db.Members.AsNoTracking().SingleAsync(m => m.Id == customer.ReferrerId, ct);
        var orders = await db.Orders.AsNoTracking().Include(o => o.Lines)
            .Where(o => o.CustomerId == customerId)
            .OrderByDescending(o => o.Date).ThenByDescending(o => o.Id)
            .ToListAsync(ct);
        var productIds = orders.SelectMany(o => o.Lines.Select(l => l.ProductId)).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var companyCurrency = await db.Company.AsNoTracking().Select(c => c.Currency).SingleAsync(ct);
        return new CustomerHistory(customer.Name, customer.Email, customer.Kind, distributor.Handle, distributor.Name,
            [.. orders.Select(o => new CustomerOrder(o.Number, o.Date, o.LocalAmount ?? o.Amount ?? 0, o.Currency ?? companyCurrency, o.Kind == "return" ? o.OriginalNumber : null,
                [.. o.Lines.OrderBy(l => l.Id).Select(l => new CustomerOrderLine(products[l.ProductId].Sku, products[l.ProductId].Name, l.Quantity, l.Quantity * (l.UnitLocalPrice ?? l.UnitPrice)))]))]);
    }
}
