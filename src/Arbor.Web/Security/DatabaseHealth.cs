using Arbor.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Arbor.Web.Security;

/// <summary>The health endpoint's check: the database answers.</summary>
public sealed class DatabaseHealth(ArborDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = database.CreateConnection();
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (System.Data.Common.DbException e)
        {
            return HealthCheckResult.Unhealthy("the database does not answer", e);
        }
    }
}
