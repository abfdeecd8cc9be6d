using System.Reflection;
using System.Runtime.CompilerServices;

namespace IncidentBot.Tests;

public class CancellationTokenTests
{
    /// <summary>Every public or internal async method of both assemblies takes a CancellationToken as its last parameter (overrides of another library's methods excepted).</summary>
    [Fact]
    public void EveryAsyncMethod_EndsWithACancellationToken()
    {
        var assemblies = new[] { typeof(Program).Assembly, typeof(Workflows.Incidents.IIncidentStore).Assembly };
        var offenders = assemblies
            .SelectMany(a => a.GetTypes())
            .Where(t => !t.IsDefined(typeof(CompilerGeneratedAttribute)) && t != typeof(Program))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.Name.EndsWith("Async", StringComparison.Ordinal) && !m.IsDefined(typeof(CompilerGeneratedAttribute)))
            .Where(m => m.Name != "DisposeAsync" && !m.IsPrivate)
            .Where(m => m.GetBaseDefinition().DeclaringType == m.DeclaringType) // an override keeps its base's signature
            .Where(m => m.GetParameters() is not [.., { ParameterType: var last }] || last != typeof(CancellationToken))
            .Select(m => $"{m.DeclaringType!.FullName}.{m.Name}")
            .ToList();

        Assert.Empty(offenders);
    }
}
