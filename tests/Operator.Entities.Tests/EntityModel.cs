using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Mesh.Operator.Entities.Tests;

/// <summary>
/// Reads the shape of the entity types by reflection, independently of CrdGen, so that tests can hold the CRD and the
/// samples against the types without trusting the generator.
/// </summary>
internal static class EntityModel
{
    public static IEnumerable<PropertyInfo> JsonProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonPropertyNameAttribute>() is not null);

    public static string JsonName(PropertyInfo property) => property.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name;

    public static bool IsRequired(PropertyInfo property) => property.IsDefined(typeof(RequiredMemberAttribute));

    public static Type Unwrap(Type type) => Nullable.GetUnderlyingType(type) ?? type;

    public static Type? ListItem(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IList<>) ? type.GetGenericArguments()[0] : null;

    public static Type? MapValue(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IDictionary<,>) ? type.GetGenericArguments()[1] : null;

    public static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(DateTime) || type == typeof(ResourceQuantity);

    /// <summary>Every property path under a type, like <c>services[].routes[].name</c>; maps and scalars are leaves.</summary>
    public static IEnumerable<string> Paths(Type type, string prefix = "")
    {
        foreach (var property in JsonProperties(type))
        {
            var path = prefix + JsonName(property);
            yield return path;
            var propertyType = Unwrap(property.PropertyType);
            var inner = ListItem(propertyType) is { } item ? (item, path + "[]") : (propertyType, path);
            if (MapValue(inner.Item1) is null && !IsScalar(inner.Item1))
            {
                foreach (var child in Paths(inner.Item1, inner.Item2 + "."))
                {
                    yield return child;
                }
            }
        }
    }

    /// <summary>Every enum type reachable from a type's properties.</summary>
    public static IEnumerable<Type> Enums(Type type) =>
        JsonProperties(type).SelectMany(p =>
        {
            var t = Unwrap(p.PropertyType);
            t = ListItem(t) ?? MapValue(t) ?? t;
            return t.IsEnum ? [t] : IsScalar(t) ? [] : Enums(t);
        }).Distinct();
}
