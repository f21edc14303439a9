using System.Runtime.CompilerServices;

namespace Tangent.Symbolic;

/// <summary>
/// The per-thread table that interns <see cref="Expr"/> nodes (hash-consing): a node with the same
/// primitive and the same (already interned) children is returned, not built again, so equal
/// subexpressions are one object and a formula is a DAG.
/// </summary>
/// <remarks>
/// A computation that builds many expressions opens a <see cref="Scope"/>, whose table is dropped
/// afterwards. Outside a scope a per-thread default table is used; it is cleared when it grows past
/// <see cref="DefaultLimit"/> nodes (equality then still holds structurally, only sharing is lost).
/// </remarks>
internal sealed class ExprTable
{
    internal const int DefaultLimit = 1 << 20;

    [ThreadStatic] private static ExprTable? current;

    private readonly Dictionary<Expr, Expr> nodes = new(ShallowComparer.Instance);

    internal static ExprTable Current => current ??= new ExprTable();

    internal Expr Intern(Expr candidate)
    {
        if (nodes.TryGetValue(candidate, out var found)) return found;
        if (nodes.Count >= DefaultLimit) nodes.Clear();
        nodes.Add(candidate, candidate);
        return candidate;
    }

    /// <summary>Installs a fresh table on this thread until the returned scope is disposed.</summary>
    internal static IDisposable Scope()
    {
        var saved = current;
        current = new ExprTable();
        return new Restore(saved);
    }

    private sealed class Restore(ExprTable? saved) : IDisposable
    {
        public void Dispose() => current = saved;
    }

    /// <summary>Equality one level deep: children are interned, so they compare by reference.</summary>
    private sealed class ShallowComparer : IEqualityComparer<Expr>
    {
        public static readonly ShallowComparer Instance = new();

        public bool Equals(Expr? x, Expr? y) =>
            x!.Kind == y!.Kind && x.Number.Equals(y.Number) && x.Name == y.Name && ReferenceEquals(x.Primitive, y.Primitive)
            && ReferenceEquals(x.A, y.A) && ReferenceEquals(x.B, y.B) && x.Value.Equals(y.Value);

        public int GetHashCode(Expr e) => HashCode.Combine(e.Kind, e.Number, e.Name, e.Primitive,
            e.A is null ? 0 : RuntimeHelpers.GetHashCode(e.A), e.B is null ? 0 : RuntimeHelpers.GetHashCode(e.B));
    }
}
