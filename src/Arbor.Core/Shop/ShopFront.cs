using System.Globalization;
using System.Text.Json;
using Arbor.Core.Api;
using Arbor.Core.Catalog;
using Arbor.Core.Customers;
using Arbor.Core.Orders;
using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Shop;

/// <summary>A product as a customer sees it: the retail price, what a preferred customer pays (the member price), no points.</summary>
public sealed record ShopProduct(string Sku, string Name, string Description, decimal Price, decimal PreferredPrice)
{
    /// <summary>What a customer of <paramref name="kind"/> (<c>retail</c> or <c>preferred</c>) pays for one.</summary>
    public decimal PriceFor(string kind) => kind == "preferred" ? PreferredPrice : Price;
}

/// <summary>A member's replicated shop: whose it is, its currency, what it sells today.</summary>
public sealed record ShopWindow(string Handle, string MemberName, string Currency, IReadOnlyList<ShopProduct> Products)
{
    /// <summary>The product of <paramref name="sku"/> when the shop sells it today.</summary>
    public ShopProduct? Product(string sku) => Products.FirstOrDefault(p => p.Sku == sku);
}

/// <summary>
/// A checkout: the shop, the cart, the customer, and the key that makes a retried checkout the
/// same one. <paramref name="OrdersLink"/> gives the address of a customer's order history (a
/// signed link the host makes), put in the confirmation.
/// </summary>
public sealed record CheckoutRequest(string ShopHandle, IReadOnlyList<Item> Items, string Name, string Email, string Key, DateOnly Date, Func<long, string>? OrdersLink = null);

/// <summary>What a checkout made: the order's number and what the customer paid.</summary>
public sealed record ShopReceipt(string Number, decimal Amount, string Currency, bool Replayed);

/// <summary>
/// The replicated shop (a member's personal shop at <c>/shop/{handle}</c>): its catalog at retail
/// prices, and checkout. A checkout pays first (<see cref="IPaymentGateway"/>) and then, in one
/// transaction, adds the customer (a retail customer of this member, when the e-mail is new),
/// places a retail order through <see cref="PlaceOrder"/> (the existing rules: the order is
/// attributed to the customer's referring member, whose PV and retail profit follow), and writes
/// the confirmation and shipping messages to the outbox. The same checkout key twice (a double
/// click, a reload, a retry) gives the first checkout's receipt and never a second order or payment.
/// </summary>
public sealed class ShopFront(ArborContext db, TimeProvider clock)
{
    public async Task<Outcome<ShopWindow>> OpenAsync(string handle, DateOnly day, CancellationToken ct = default)
    {
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Handle == handle, ct);
        if (member is null || member.Status == "terminated") return new Problem("shop", $"there is no shop '{handle}'");
        // The company can keep a member's shop closed until it completed the income-claims course.
        if (!await new Training.TrainingLibrary(db, clock).ShopLiveAsync(member.Id, ct)) return new Problem("shop", $"the shop '{handle}' is not open yet");
        var list = await PriceList.ForCountryAsync(db, member.Country, ct);
        var prices = await list.AllAsync(day, ct);
        var products = await db.Products.AsNoTracking().Where(p => p.Active).OrderBy(p => p.Sku).ToListAsync(ct);
        return new ShopWindow(member.Handle, member.Name, await list.CurrencyAsync(ct),
            [.. products.Where(p => prices.ContainsKey(p.Id))
                .Select(p => new ShopProduct(p.Sku, p.Name, p.Description, prices[p.Id].ShownRetail, prices[p.Id].ShownMember))]);
    }

    public async Task<Outcome<ShopReceipt>> CheckoutAsync(CheckoutRequest r, IPaymentGateway payments, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(r.Name)) return new Problem("name", "your name is needed for the delivery");
        if (!r.Email.Contains('@', StringComparison.Ordinal) || r.Email.Trim().Length > 200) return new Problem("email", $"'{r.Email}' is not an e-mail address");
        if (r.Items.Count == 0) return new Problem("items", "the cart is empty");
        var window = await OpenAsync(r.ShopHandle, r.Date, ct);
        if (!window.Ok) return window.Problem!;
        var shop = window.Value!;
        var prices = shop.Products.ToDictionary(p => p.Sku);
        foreach (var item in r.Items)
        {
            if (!prices.ContainsKey(item.Sku)) return new Problem("items", $"{item.Sku} is not for sale");
            if (item.Quantity is <= 0 or > Limits.Quantity) return new Problem("items", $"{item.Sku}: the quantity must be 1 to {Limits.Quantity}");
        }
        var email = r.Email.Trim().ToLowerInvariant();
        var key = IdempotencyKey.Parse($"shop:{shop.Handle}", r.Key, JsonSerializer.Serialize(new { r.Items, Name = r.Name.Trim(), email }));
        if (!key.Ok) return new Problem("checkout", "this checkout form has expired: open the cart again");

        string? paymentReference = null;
        var done = await new IdempotentRequests(db, clock).RunAsync(key.Value!, async c =>
        {
            // A returning customer pays as its kind says (a preferred customer the member price), and
            // stays the customer of the member who first referred it, whose price list prices the
            // order; a new one is this member's. The payment is for exactly what the order will say.
            var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(x => x.Email == email, c);
            if (customer is null)
            {
                var added = await new AddCustomer(db).RunAsync(new NewCustomer(r.Name.Trim(), email, "retail", shop.Handle, r.Date), c);
                if (!added.Ok) return added.Problem!;
                customer = added.Value!;
            }
            var placing = new PlaceOrder(db);
            var request = new OrderRequest(r.Date, r.Items, CustomerEmail: email);
            var priced = await placing.PriceAsync(request, c);
            if (!priced.Ok) return priced.Problem!;
            var amount = PlaceOrder.Paid(priced.Value!);
            var currency = priced.Value!.Currency ?? await db.Company.AsNoTracking().Select(x => x.Currency).SingleAsync(c);
            var paid = await payments.AuthorizeAsync(amount, currency, r.Key, c);
            if (!paid.Approved) return new Problem("payment", paid.Declined ?? "the payment was declined");
            var placed = await placing.SaveAsync(priced.Value!, request, c);
            if (!placed.Ok) return placed.Problem!;
            var order = placed.Value!;
            paymentReference = paid.Reference;
            var money = string.Create(CultureInfo.InvariantCulture, $"{amount:0.00} {currency}");
            var lines = string.Join("\n", r.Items.Select(i => $"{i.Quantity} × {prices[i.Sku].Name} ({i.Sku})"));
            var now = clock.GetUtcNow();
            db.Outbox.Add(new OutboxMessage { Kind = "order-confirmation", Recipient = email, Subject = $"Your order {order.Number}", Body = $"Thank you, {r.Name.Trim()}.\n\n{lines}\n\nPaid: {money}. Your distributor: {shop.MemberName}.{OrdersLine(r.OrdersLink, customer.Id)}", CreatedAt = now });
            db.Outbox.Add(new OutboxMessage { Kind = "shipping-request", Recipient = "warehouse", Subject = $"Ship order {order.Number}", Body = $"{r.Name.Trim()} <{email}>\n{lines}", CreatedAt = now });
            var receipt = new ShopReceipt(order.Number, amount, currency, false);
            return new StoredResponse(201, null, JsonSerializer.Serialize(receipt));
        }, ct);
        if (!done.Ok) return done.Problem!;
        if (paymentReference is not null) await payments.CaptureAsync(paymentReference, ct);
        var stored = JsonSerializer.Deserialize<ShopReceipt>(done.Value!.Body)!;
        return stored with { Replayed = done.Value.Replayed };
    }

    internal static string OrdersLine(Func<long, string>? link, long customerId) => link is null ? "" : $"\n\nYour orders: {link(customerId)}";
}
