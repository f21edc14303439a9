using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Arrays;

/// <summary>
/// A <see cref="FusedSum"/> compiled to one loop: four elements per step go through every member's value and
/// then every member's VJP with all the intermediate numbers in registers — run one operation at a time, even on
/// a chunk in cache, each operation loads and stores its operands, which costs more than its arithmetic.
/// </summary>
/// <remarks>
/// The loop is assembled from each member's own lanes rule (<see cref="TensorVar.ForwardLanes"/>,
/// <see cref="TensorVar.BackwardLanes"/>: φ and φ′ from the primitive's lanes form, the partials of + − · /) and
/// compiled once per program (System.Linq.Expressions). It runs the whole steps of four of a chunk; the region
/// runs the last 0–3 elements and every chunk of a chain with kinks (whose elements must be counted one by one)
/// through the members' chunk rules. A contiguous slice's adjoint is written to its chunk buffer and added into
/// its input after the loop (adding in place at two shifted offsets would make each step wait on the last one's
/// stores).
/// </remarks>
internal sealed class FusedKernel
{
    private delegate double Body(double[][] arrays, int start, int count, double seed);

    private static readonly MethodInfo Load = typeof(Vector256).GetMethods()
        .Single(m => m.Name == nameof(Vector256.Create) && m.IsGenericMethodDefinition && m.GetParameters() is [{ ParameterType.IsArray: true }, { ParameterType: var t }] && t == typeof(int))
        .MakeGenericMethod(typeof(double));
    private static readonly MethodInfo Store = typeof(Vector256).GetMethods()
        .Single(m => m.Name == nameof(Vector256.CopyTo) && m.GetParameters() is [_, { ParameterType.IsArray: true }, { ParameterType: var t }] && t == typeof(int))
        .MakeGenericMethod(typeof(double));
    private static readonly MethodInfo Broadcast = typeof(Vector256).GetMethod(nameof(Vector256.Create), [typeof(double)])!;
    private static readonly MethodInfo SumLanes = typeof(Vector256).GetMethod(nameof(Vector256.Sum))!.MakeGenericMethod(typeof(double));

    private readonly FusedSum region;
    private readonly List<(TensorVar Node, bool Adjoint)> slots = [];
    private readonly double[][] arrays;
    private readonly Body forward, forwardBackward;

    // While the loop is assembled:
    private readonly ParameterExpression arrayArgument = Expression.Parameter(typeof(double[][]), "arrays");
    private readonly ParameterExpression startArgument = Expression.Parameter(typeof(int), "start");
    private readonly ParameterExpression step = Expression.Variable(typeof(int), "i");
    private readonly ParameterExpression index = Expression.Variable(typeof(int), "index");
    private readonly Dictionary<TensorVar, ParameterExpression> values = [], adjoints = [], numbers = [], numberAdjoints = [];
    private readonly Dictionary<int, ParameterExpression> arrayLocals = [];
    private readonly List<ParameterExpression> arrayVariables = [];
    private readonly List<ParameterExpression> locals = [];
    private List<Expression> statements = [];
    private readonly List<Expression> before = [], after = [];

    private FusedKernel(FusedSum region, TensorVar top, IReadOnlyList<TensorVar> members)
    {
        this.region = region;
        forward = Assemble(top, members, backward: false);
        forwardBackward = Assemble(top, members, backward: true);
        arrays = new double[slots.Count][];
    }

    /// <summary>The compiled loop of a region whose members all have lanes rules, or null (the region then runs its chunk rules).</summary>
    public static FusedKernel? TryCompile(FusedSum region, TensorVar top, IReadOnlyList<TensorVar> members) =>
        members.All(m => m.HasLanes || m is SliceVar { Contiguous: true } or MatMulVar) ? new FusedKernel(region, top, members) : null;

    /// <summary>Reads the outside arrays (the caller's parameters and gradients change from run to run).</summary>
    public void Bind()
    {
        for (int k = 0; k < slots.Count; k++) arrays[k] = slots[k].Adjoint ? slots[k].Node.Adjoint : slots[k].Node.Value;
    }

    /// <summary>
    /// Elements start .. start + count − 1 (count a multiple of 4): the sum of the top member's values and, when
    /// <paramref name="backward"/>, the VJPs from the top's adjoint <paramref name="seed"/> into the outside adjoints.
    /// </summary>
    public double Run(int start, int count, double seed, bool backward) =>
        (backward ? forwardBackward : forward)(arrays, start, count, seed);

    // ------------------------------------------------------------------ for the members' lanes rules ----

    /// <summary>A node's four values at this step (a member's register, an outside array's load, an outside number).</summary>
    public Expression Value(TensorVar node)
    {
        if (values.TryGetValue(node, out var v)) return v;
        if (node.Length == 1 && region.Length != 1)
        {
            if (!numbers.TryGetValue(node, out var n))
            {
                numbers[node] = n = Local(node.Operation);
                before.Add(Expression.Assign(n, Expression.Call(Broadcast, Expression.ArrayIndex(Array(node, adjoint: false), Expression.Constant(0)))));
            }
            return n;
        }
        var loaded = Local(node.Operation);
        statements.Insert(0, Expression.Assign(loaded, Expression.Call(Load, Array(node, adjoint: false), index)));
        return values[node] = loaded;
    }

    /// <summary>Sets a member's four values at this step.</summary>
    public void Define(TensorVar member, Expression value)
    {
        var v = Local(member.Operation);
        statements.Add(Expression.Assign(v, value));
        values[member] = v;
    }

    /// <summary>Holds an intermediate four numbers (a slope) for the backward part of the step.</summary>
    public ParameterExpression Keep(string name, Expression value)
    {
        var v = Local(name);
        statements.Add(Expression.Assign(v, value));
        return v;
    }

    /// <summary>A member's four adjoints at this step (complete when its own VJP is emitted: its readers come later).</summary>
    public Expression Adjoint(TensorVar member) => adjoints[member];

    /// <summary>Adds four contributions to a node's adjoints (nothing for a node that is not differentiable).</summary>
    public void AddAdjoint(TensorVar node, Expression contribution)
    {
        if (!node.Differentiable) return;
        if (adjoints.TryGetValue(node, out var a))
        {
            statements.Add(Expression.AddAssign(a, contribution));
            return;
        }
        if (node.Length == 1 && region.Length != 1)
        {
            // One number read by every element: its adjoint is the sum of the contributions (four lanes, summed after the loop).
            if (!numberAdjoints.TryGetValue(node, out var n))
            {
                numberAdjoints[node] = n = Local(node.Operation + " adjoint");
                before.Add(Expression.Assign(n, Expression.Default(typeof(V))));
                var g = Array(node, adjoint: true);
                after.Add(Expression.AddAssign(Expression.ArrayAccess(g, Expression.Constant(0)), Expression.Call(SumLanes, n)));
            }
            statements.Add(Expression.AddAssign(n, contribution));
            return;
        }
        // An outside array: load, add, store, at this step's elements.
        var adjoint = Array(node, adjoint: true);
        statements.Add(Expression.Call(Store, Expression.Add(Expression.Call(Load, adjoint, index), contribution), adjoint, index));
    }

    // ------------------------------------------------------------------ assembly ----

    private ParameterExpression Local(string name)
    {
        var v = Expression.Variable(typeof(V), name);
        locals.Add(v);
        return v;
    }

    /// <summary>The outside array (a value or an adjoint): arrays[slot], bound at each run, read into a local before the loop.</summary>
    private ParameterExpression Array(TensorVar node, bool adjoint)
    {
        int k = slots.IndexOf((node, adjoint));
        if (k < 0) { k = slots.Count; slots.Add((node, adjoint)); }
        if (!arrayLocals.TryGetValue(k, out var local))
        {
            arrayLocals[k] = local = Expression.Variable(typeof(double[]), node.Operation);
            arrayVariables.Add(local);
            before.Insert(0, Expression.Assign(local, Expression.ArrayIndex(arrayArgument, Expression.Constant(k))));
        }
        return local;
    }

    /// <summary>An array of the program's own (a chunk buffer), read into a local before the loop.</summary>
    private ParameterExpression Own(double[] buffer, string name)
    {
        var local = Expression.Variable(typeof(double[]), name);
        arrayVariables.Add(local);
        before.Insert(0, Expression.Assign(local, Expression.Constant(buffer)));
        return local;
    }

    private Body Assemble(TensorVar top, IReadOnlyList<TensorVar> members, bool backward)
    {
        values.Clear(); adjoints.Clear(); numbers.Clear(); numberAdjoints.Clear();
        locals.Clear(); before.Clear(); after.Clear(); arrayLocals.Clear(); arrayVariables.Clear();
        var count = Expression.Parameter(typeof(int), "count");
        var seed = Expression.Parameter(typeof(double), "seed");
        var sum = Local("sum");
        statements = [];
        foreach (var m in members)
        {
            if (m is SliceVar slice) Define(m, Expression.Call(Load, Array(m.Inputs[0], adjoint: false), Expression.Add(index, Expression.Constant(slice.Offset))));
            else if (m is MatMulVar) Define(m, Expression.Call(Load, Own(m.ChunkValue, "product chunk"), step)); // computed before the loop
            else m.ForwardLanes(this);
        }
        statements.Add(Expression.AddAssign(sum, values[top]));
        if (backward)
        {
            foreach (var m in members.Where(m => m.Differentiable))
            {
                var a = Local(m.Operation + " adjoint");
                adjoints[m] = a;
                statements.Add(Expression.Assign(a, m == top ? Expression.Call(Broadcast, seed) : Expression.Default(typeof(V))));
            }
            for (int k = members.Count - 1; k >= 0; k--)
            {
                var m = members[k];
                if (!m.Differentiable) continue;
                if (m is SliceVar or MatMulVar) statements.Add(Expression.Call(Store, adjoints[m], Own(m.ChunkAdjoint, m.Operation + " adjoint"), step));
                else m.BackwardLanes(this);
            }
        }
        var end = Expression.Label("end");
        var loop = Expression.Loop(
            Expression.IfThenElse(
                Expression.LessThan(step, count),
                Expression.Block(
                    [Expression.Assign(index, Expression.Add(startArgument, step)), .. statements, Expression.AddAssign(step, Expression.Constant(V.Count))]),
                Expression.Break(end)),
            end);
        var body = Expression.Block(
            [step, index, .. arrayVariables, .. locals],
            [Expression.Assign(step, Expression.Constant(0)), Expression.Assign(sum, Expression.Default(typeof(V))), .. before, loop, .. after,
             Expression.Call(SumLanes, sum)]);
        return Expression.Lambda<Body>(body, arrayArgument, startArgument, count, seed).Compile();
    }
}
