using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace IncidentBot.Storage.Postgres;

/// <summary>
/// Where ASP.NET Core keeps the keys that protect the sign-in cookie, on PostgreSQL: every replica
/// reads the same keys, so a cookie one replica issued is good on the others behind a load balancer,
/// and keys survive restarts. Keys are stored as the framework writes them (not encrypted again):
/// whoever can read this database can read every incident anyway.
/// </summary>
internal sealed class PostgresKeyRepository(NpgsqlDataSource source) : IXmlRepository
{
    // The framework's interface is synchronous; it reads keys rarely (at start, then when they rotate).
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = source.OpenConnection();
        using var command = new NpgsqlCommand("SELECT xml FROM data_protection_keys ORDER BY created_at", connection);
        using var reader = command.ExecuteReader();
        var keys = new List<XElement>();
        while (reader.Read())
        {
            keys.Add(XElement.Parse(reader.GetString(0)));
        }

        return keys;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var connection = source.OpenConnection();
        using var command = new NpgsqlCommand("INSERT INTO data_protection_keys (name, xml) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING", connection)
        {
            Parameters = { new() { Value = friendlyName }, new() { Value = element.ToString(SaveOptions.DisableFormatting) } },
        };
        command.ExecuteNonQuery();
    }
}
