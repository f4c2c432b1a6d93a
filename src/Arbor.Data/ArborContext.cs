using Microsoft.EntityFrameworkCore;

namespace Arbor.Data;

/// <summary>
/// Arbor's EF Core context, the same model on SQLite and PostgreSQL. The schema is not
/// EF's to create: hand-written scripts per provider (<see cref="Migrator"/>) own it, and
/// this model only names their tables and columns (snake_case).
/// </summary>
public sealed class ArborContext(DbContextOptions<ArborContext> options, ArborDatabase database) : DbContext(options)
{
    /// <summary>The database this context talks to.</summary>
    public ArborDatabase Target { get; } = database;

    public DbSet<Company> Company => Set<Company>();
    public DbSet<ComplianceThresholds> ComplianceSettings => Set<ComplianceThresholds>();
    public DbSet<Member> Members => Set<Member>();
    public DbSet<MemberStatusChange> MemberStatusChanges => Set<MemberStatusChange>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Approval> Approvals => Set<Approval>();
    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();
    public DbSet<WebhookEvent> WebhookEvents => Set<WebhookEvent>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<ProductPrice> ProductPrices => Set<ProductPrice>();
    public DbSet<Market> Markets => Set<Market>();
    public DbSet<MarketPrice> MarketPrices => Set<MarketPrice>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderLine> OrderLines => Set<OrderLine>();
    public DbSet<PlanVersion> Plans => Set<PlanVersion>();
    public DbSet<Autoship> Autoships => Set<Autoship>();
    public DbSet<AutoshipItem> AutoshipItems => Set<AutoshipItem>();
    public DbSet<AutoshipRun> AutoshipRuns => Set<AutoshipRun>();
    public DbSet<CommissionPeriod> Periods => Set<CommissionPeriod>();
    public DbSet<PeriodMember> PeriodMembers => Set<PeriodMember>();
    public DbSet<StoredPayoutLine> PayoutLines => Set<StoredPayoutLine>();
    public DbSet<RankReached> RankHistory => Set<RankReached>();
    public DbSet<Adjustment> Adjustments => Set<Adjustment>();
    public DbSet<PayoutBatch> PayoutBatches => Set<PayoutBatch>();
    public DbSet<PayoutBatchLine> PayoutBatchLines => Set<PayoutBatchLine>();
    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<ApiRequest> ApiRequests => Set<ApiRequest>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<Prospect> Prospects => Set<Prospect>();
    public DbSet<ProspectNote> ProspectNotes => Set<ProspectNote>();
    public DbSet<TeamMessage> Messages => Set<TeamMessage>();
    public DbSet<MessageRecipient> MessageRecipients => Set<MessageRecipient>();
    public DbSet<MessageMute> MessageMutes => Set<MessageMute>();
    public DbSet<Course> Courses => Set<Course>();
    public DbSet<Lesson> Lessons => Set<Lesson>();
    public DbSet<LessonProgress> LessonProgress => Set<LessonProgress>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<Company>().ToTable("company").Property(c => c.Id).ValueGeneratedNever();
        model.Entity<ComplianceThresholds>().ToTable("compliance_settings").Property(c => c.Id).ValueGeneratedNever();
        model.Entity<Member>().ToTable("members");
        model.Entity<MemberStatusChange>().ToTable("member_status_changes");
        model.Entity<AuditEntry>().ToTable("audit_entries");
        model.Entity<Approval>().ToTable("approvals");
        model.Entity<WebhookEndpoint>().ToTable("webhook_endpoints");
        model.Entity<WebhookEvent>().ToTable("webhook_events");
        model.Entity<WebhookDelivery>().ToTable("webhook_deliveries");
        model.Entity<Product>().ToTable("products");
        model.Entity<ProductPrice>().ToTable("product_prices");
        model.Entity<Market>().ToTable("markets").HasKey(m => m.Country);
        model.Entity<MarketPrice>().ToTable("market_prices");
        model.Entity<Customer>().ToTable("customers");
        model.Entity<Order>().ToTable("orders").HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId);
        model.Entity<OrderLine>().ToTable("order_lines");
        model.Entity<PlanVersion>().ToTable("plans");
        model.Entity<Autoship>().ToTable("autoships").HasMany(a => a.Items).WithOne().HasForeignKey(i => i.AutoshipId);
        model.Entity<AutoshipItem>().ToTable("autoship_items");
        model.Entity<AutoshipRun>().ToTable("autoship_runs").HasKey(r => new { r.AutoshipId, r.DueOn });
        model.Entity<CommissionPeriod>().ToTable("periods");
        model.Entity<PeriodMember>().ToTable("period_members").HasKey(p => new { p.PeriodId, p.MemberId });
        model.Entity<StoredPayoutLine>().ToTable("payout_lines");
        model.Entity<RankReached>().ToTable("rank_history").HasKey(r => new { r.MemberId, r.Rank });
        model.Entity<Adjustment>().ToTable("adjustments");
        model.Entity<PayoutBatch>().ToTable("payout_batches").HasMany(b => b.Lines).WithOne().HasForeignKey(l => l.BatchId);
        model.Entity<PayoutBatchLine>().ToTable("payout_batch_lines").HasKey(l => new { l.BatchId, l.MemberId });
        model.Entity<LedgerEntry>().ToTable("ledger_entries");
        model.Entity<ApiToken>().ToTable("api_tokens");
        model.Entity<DataProtectionKey>().ToTable("data_protection_keys");
        model.Entity<OutboxMessage>().ToTable("outbox_messages");
        model.Entity<Prospect>().ToTable("prospects");
        model.Entity<ProspectNote>().ToTable("prospect_notes");
        model.Entity<TeamMessage>().ToTable("messages");
        model.Entity<MessageRecipient>().ToTable("message_recipients").HasKey(r => new { r.MessageId, r.MemberId });
        model.Entity<MessageMute>().ToTable("message_mutes").HasKey(m => new { m.MemberId, m.SenderId });
        model.Entity<Course>().ToTable("courses");
        model.Entity<Lesson>().ToTable("lessons");
        model.Entity<LessonProgress>().ToTable("lesson_progress").HasKey(p => new { p.MemberId, p.LessonId });
        model.Entity<ApiRequest>().ToTable("api_requests").HasKey(r => new { r.Principal, r.IdempotencyKey });

        foreach (var entity in model.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties()) property.SetColumnName(Naming.SnakeCase(property.Name));
        }
    }
}
