using System.Collections;
using System.Reflection;

namespace SelfData.Portability.Tests;

/// <summary>
/// Compares two records property by property, into nested records and lists, so that round trips of records holding
/// lists are checked by value. Instants must agree on their offset too, not only on the instant.
/// </summary>
internal static class RecordEquality
{
    public static bool Equal<T>(T first, T second) => Same(first, second);

    private static bool Same(object? first, object? second)
    {
        if (first is null || second is null)
        {
            return first is null && second is null;
        }

        if (first is not string && first is IEnumerable left && second is IEnumerable right)
        {
            // Lists are compared by their items, whatever their concrete type (an array written, a List<T> read back).
            var l = left.Cast<object?>().ToList();
            var r = right.Cast<object?>().ToList();
            return l.Count == r.Count && l.Zip(r).All(p => Same(p.First, p.Second));
        }

        var type = first.GetType();
        if (type != second.GetType())
        {
            return false;
        }

        if (first is DateTimeOffset a && second is DateTimeOffset b)
        {
            return a == b && a.Offset == b.Offset;
        }

        if (first is string || type.IsValueType)
        {
            return first.Equals(second);
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0
                && !Same(property.GetValue(first), property.GetValue(second)))
            {
                return false;
            }
        }

        return true;
    }
}
