using System.Reflection;

namespace DeAn06.ServiceDefaults.OpenApi;

/// <summary>The stable problem codes an error-code catalogue class declares.</summary>
public static class ErrorCodes
{
    /// <summary>The distinct values of <paramref name="catalogue"/>'s <c>public const string</c> fields, in ordinal order.</summary>
    public static IReadOnlyList<string> Of(Type catalogue) =>
        catalogue.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();
}
