using System.Globalization;
using Arbor.Data;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Arbor.Web;

/// <summary>How to run the web app: its database, where it listens, and the clock it reads.</summary>
public sealed record WebOptions(ArborDatabase Database, IReadOnlyList<string> Urls)
{
    /// <summary>The clock use cases read ("today", the open period); tests pass a fixed one.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Log requests and start-up (off by default: the command line prints what matters).</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Warning;

    /// <summary>The REST API's rate limit per caller (a token, a sign-in): requests in each <see cref="ApiRateWindow"/>, on all app servers together.</summary>
    public int ApiRateLimit { get; init; } = 100;

    public TimeSpan ApiRateWindow { get; init; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// The web app: Razor Pages over <c>Arbor.Core</c>. A page parses, authorizes and renders; every
/// rule is a Core use case. Members see themselves and their downline (<see cref="Viewer"/>, checked
/// per request on the server); staff pages need the <c>admin</c> role.
/// </summary>
public static class WebApp
{
    /// <summary>The languages of the UI; the first is the default.</summary>
    public static readonly IReadOnlyList<string> Languages = ["en", "nl", "nb", "id"];

    public static WebApplication Build(WebOptions options)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(WebApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
            Args = [],
        });
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(options.LogLevel)
            // Keys live in the database (DatabaseKeys): no warning about where they are kept.
            .AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        ConfigureServices(builder.Services, options);

        var app = builder.Build();
        // The API answers failures with problem details; the pages with the error page.
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseExceptionHandler().UseStatusCodePages());
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"), pages => pages.UseExceptionHandler("/error").UseStatusCodePagesWithReExecute("/error", "?status={0}"));
        app.UseMiddleware<SecurityHeaders>();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new ManifestEmbeddedFileProvider(typeof(WebApp).Assembly, "wwwroot"),
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "public, max-age=3600",
        });
        app.UseRouting();
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.Use(ActAs.ReadOnly);
        app.Use(TwoFactor.RequireForStaff);
        app.UseAuthorization();
        app.MapRazorPages();
        Api.ApiEndpoints.Map(app);
        app.MapHealthChecks("/health").AllowAnonymous();
        return app;
    }

    private static void ConfigureServices(IServiceCollection services, WebOptions options)
    {
        var database = options.Database;
        services.AddSingleton(database);
        services.AddSingleton(options.Clock);
        services.AddSingleton(options);
        services.AddScoped(_ => database.CreateContext());
        services.AddDbContext<IdentityContext>(o => IdentityContext.Configure(o, database));
        services.AddHttpContextAccessor();
        // One key ring for every app server on this database (sign-ins and forms valid on all of them).
        services.AddDataProtection().SetApplicationName("Arbor");
        services.Configure<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>(o => o.XmlRepository = new DatabaseKeys(database));
        services.AddSingleton<Estimates.EstimateService>();
        services.AddHostedService(sp => sp.GetRequiredService<Estimates.EstimateService>());
        services.AddScoped<Viewer>();
        services.AddScoped<StaffAccounts>();
        services.AddScoped<ActAs>();
        // A sign-in refreshed from the database (its security stamp checked) keeps its passed second factor and a look at a member's office.
        services.Configure<SecurityStampValidatorOptions>(o => o.OnRefreshingPrincipal = c =>
        {
            if (c.CurrentPrincipal is { } current && c.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity identity)
            {
                var kept = TwoFactor.Kept(current).Concat(ActAs.IsActing(current) ? ActAs.Claims(current) : []);
                identity.AddClaims(kept.Where(claim => !identity.HasClaim(claim.Type, claim.Value)).ToList());
            }
            return Task.CompletedTask;
        });
        services.AddSingleton<Closing.CloseJobs>();
        services.AddSingleton<Simulating.SimulationJobs>();
        // STAND-INS: a payment gateway that approves everything and a mail sender that logs (docs/shop.md).
        services.AddSingleton<Core.Shop.IPaymentGateway, Core.Shop.ApprovingPaymentStandIn>();
        services.AddHostedService<Shop.OutboxSender>();
        services.AddHttpClient(Webhooks.WebhookSender.ClientName);
        services.AddHostedService<Webhooks.WebhookSender>();
        services.AddSingleton<Shop.CustomerLinks>();

        services.AddIdentity<ArborUser, IdentityRole>(o =>
            {
                o.Lockout.MaxFailedAccessAttempts = SignInRules.MaxFailedAttempts;
                o.Lockout.DefaultLockoutTimeSpan = SignInRules.LockoutTime;
                o.Lockout.AllowedForNewUsers = true;
                o.Password.RequiredLength = SignInRules.MinimumPasswordLength;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<IdentityContext>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<MemberClaims>();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "arbor.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/account/signin";
            o.LogoutPath = "/account/signout";
            o.AccessDeniedPath = "/account/denied";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "arbor.af";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.HeaderName = "X-CSRF-TOKEN";
        });
        var authorization = services.AddAuthorizationBuilder();
        Api.ApiAuth.Add(services, authorization);
        Api.ApiEndpoints.AddServices(services);
        authorization
            .AddPolicy(Roles.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Roles.Staff, p => p.RequireRole([.. Roles.StaffNames]))
            .AddPolicy(Roles.Member, p => p.RequireRole(Roles.Member).RequireClaim(MemberClaims.MemberId))
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Languages.Select(CultureInfo.GetCultureInfo).ToList();
            o.DefaultRequestCulture = new RequestCulture(Languages[0]);
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        services.AddRazorPages(o =>
            {
                o.Conventions.AuthorizeFolder("/Office", Roles.Member);
                // Any staff role reaches the back office; each page then allows its roles (StaffAccessFilter).
                o.Conventions.AuthorizeFolder("/Admin", Roles.Staff);
                o.Conventions.AllowAnonymousToFolder("/Account");
                o.Conventions.AllowAnonymousToFolder("/Shop");
                o.Conventions.AllowAnonymousToPage("/Error");
            })
            .AddMvcOptions(o => o.Filters.Add<StaffAccessFilter>())
            .AddViewLocalization();
        services.Configure<Microsoft.AspNetCore.Routing.RouteOptions>(o => o.LowercaseUrls = true);
        services.AddHealthChecks().AddCheck<DatabaseHealth>("database");
    }
}
