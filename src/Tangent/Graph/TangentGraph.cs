using Tangent.Primitives;
using Tangent.Symbolic;

namespace Tangent;

/// <summary>
/// The tangent of a recorded graph, recorded as a graph of its own: for F recorded at x₀ and weights w, the
/// graph of g(x, v) = ⟨w, DF(x)·v⟩ on the inputs (x₁..xₙ, v₁..vₙ), following F's recorded control flow.
/// Its gradient is (∇²(wᵀF)(x)·v, ∇(wᵀF)(x)), reverse over forward: a compiled gradient of this graph
/// (<see cref="CompiledGradient"/>) is a Hessian-vector product at any point where the branches hold.
/// </summary>
/// <remarks>
/// Node by node in F's order, y = φ(a, b) is replayed and its tangent ẏ = φ_a·ȧ + φ_b·ḃ recorded right after
/// it. A partial that φ's declared formula gives as an operand, as y itself or as a constant (a·b, a ± b, −a,
/// eᵃ) is used as it is; any other is a node of its own (<see cref="Slope{P}"/>, <see cref="PartialA{P}"/>,
/// <see cref="PartialB{P}"/>) whose value is the declared partial and whose partials are the declared second
/// partials, so the product reads the same numbers as <see cref="Graph.Hvp(ReadOnlySpan{double}, ReadOnlySpan{double})"/>.
/// Only nodes upstream of a weighted output get tangents, and only the values g reads are replayed. F's branch decisions are recorded again on the replayed
/// values, so the tangent graph holds exactly where F's does. A C# loop over Vars records a periodic graph, and
/// so is its tangent graph (an iteration's tangents follow its values): compiled code rolls it into loops.
/// </remarks>
internal static class TangentGraph
{
    /// <summary>Where a declared partial comes from, found once per primitive by reading its formula symbolically.</summary>
    enum Source : byte { Computed, OperandA, OperandB, Result, Constant }

    static readonly (Source Kind, double Constant)[]?[] shapes = new (Source, double)[]?[Node.MaxCode + 1];

    /// <summary>Records g(x, v) = ⟨w, DF(x)·v⟩ at (x₀, v = 1).</summary>
    public static Graph Record(Graph f, double[] w)
    {
        int n = f.InputCount;
        var z = new double[2 * n];
        f.Point.CopyTo(z, 0);
        z.AsSpan(n).Fill(1);
        var options = DifferentiationOptions.Default with { MaxNodes = Math.Max(DifferentiationOptions.Default.MaxNodes, 8L * f.Count) };
        return Differentiate.Record(zs => Tangent(f, w, zs), z, options);
    }

    static Var Tangent(Graph f, double[] w, ReadOnlySpan<Var> z)
    {
        int n = f.InputCount;
        var prims = f.NodePrimitives();
        var outputs = new List<int>();
        for (int k = 0; k < f.Outputs.Length; k++) if (w[k] != 0) outputs.Add(f.Outputs[k].Index);
        var upstream = f.OnPathTo(outputs.ToArray(), prims);
        var valued = Valued(f, prims, upstream);
        var value = new Var[f.Count];
        var tangent = new Var[f.Count];
        for (int i = 1; i <= n; i++) (value[i], tangent[i]) = (z[i - 1], z[n + i - 1]);
        for (int i = n + 1; i < f.Count; i++)
        {
            if (!valued[i] && !upstream[i]) continue;
            ref Node node = ref f.Nodes[i];
            var p = prims[i];
            bool binary = p.Arity == 2;
            Var a = node.A == 0 ? node.ConstantA : value[node.A];
            Var b = binary ? (node.B == 0 ? node.ConstantB : value[node.B]) : 0;
            var y = valued[i] ? value[i] = p.Record(a, b) : default;
            if (!upstream[i]) continue;
            // Operands of a node upstream of an output are upstream too: every variable operand has a tangent.
            var shape = ShapeOf(node.Op, p);
            bool hasA = node.A != 0, hasB = binary && node.B != 0;
            Var pa = hasA ? Partial(shape[0], p, 0, a, b, y) : default;
            Var pb = hasB ? Partial(shape[1], p, 1, a, b, y) : default;
            if (hasA && hasB && node.A == node.B && Same(pa, pb))
            {
                // a·a and the like: φ_a ȧ + φ_b ȧ with φ_a = φ_b is one product added to itself (the same sum).
                var term = Scale(shape[0], pa, tangent[node.A]);
                tangent[i] = term + term;
                continue;
            }
            tangent[i] = (hasA, hasB) switch
            {
                (true, true) => Scale(shape[0], pa, tangent[node.A]) + Scale(shape[1], pb, tangent[node.B]),
                (true, false) => Scale(shape[0], pa, tangent[node.A]),
                _ => Scale(shape[1], pb, tangent[node.B]),
            };
        }
        foreach (var br in f.Branches)
        {
            bool outcome = Tape.Compare(br.A == 0 ? br.ValueA : value[br.A], br.B == 0 ? br.ValueB : value[br.B], br.Comparison);
            if (outcome != br.Outcome) throw new InvalidOperationException("A replayed branch decision differs from the recorded one.");
        }
        Var sum = 0;
        bool any = false;
        for (int k = 0; k < f.Outputs.Length; k++)
        {
            int o = f.Outputs[k].Index;
            if (w[k] == 0 || o == 0) continue;
            var term = w[k] == 1 ? tangent[o] : w[k] * tangent[o];
            (sum, any) = (any ? sum + term : term, true);
        }
        return sum;
    }

    /// <summary>
    /// The values g needs: those its partials read (an operand, y itself, or the arguments of a derivative node) and
    /// those the branch decisions compare, with everything upstream of them. F's other values (its output among them:
    /// g is the tangent alone) are not replayed.
    /// </summary>
    static bool[] Valued(Graph f, Primitive[] prims, bool[] upstream)
    {
        var valued = new bool[f.Count];
        foreach (var br in f.Branches) (valued[br.A], valued[br.B]) = (true, true);
        for (int i = f.Count - 1; i > f.InputCount; i--)
        {
            ref Node node = ref f.Nodes[i];
            bool binary = prims[i].Arity == 2;
            if (upstream[i])
            {
                var shape = ShapeOf(node.Op, prims[i]);
                for (int k = 0; k < (binary ? 2 : 1); k++)
                {
                    if ((k == 0 ? node.A : node.B) == 0) continue; // a constant operand: no term
                    switch (shape[k].Kind)
                    {
                        case Source.OperandA: valued[node.A] = true; break;
                        case Source.OperandB: valued[node.B] = true; break;
                        case Source.Result: valued[i] = true; break;
                        case Source.Computed:
                            valued[node.A] = true;
                            if (binary) valued[node.B] = true; else valued[i] = true; // Slope reads (x, y), PartialA/B read (a, b)
                            break;
                    }
                }
            }
            if (!valued[i]) continue;
            valued[node.A] = true;
            if (binary) valued[node.B] = true;
        }
        return valued;
    }

    /// <summary>∂φ/∂(operand k): the declared partial as it is when it is an operand, y or a constant, else a derivative node.</summary>
    static Var Partial((Source Kind, double Constant) shape, Primitive p, int k, Var a, Var b, Var y) => shape.Kind switch
    {
        Source.OperandA => a,
        Source.OperandB => b,
        Source.Result => y,
        Source.Constant => shape.Constant,
        _ => p.RecordPartial(k, a, b, y),
    };

    /// <summary>
    /// partial·ṫ. A partial that the declaration fixes (1 for +, −1 for − and negation) is applied without a product;
    /// a constant operand (the 100 in 100·t) is multiplied whatever its value, so that the tangent graph's shape
    /// depends on F's shape alone: a loop whose constants change between iterations (labels ±1) stays one loop.
    /// </summary>
    static Var Scale((Source Kind, double Constant) shape, Var partial, Var dt)
    {
        if (shape.Kind != Source.Constant) return partial * dt;
        double c = shape.Constant;
        return c == 1 ? dt : c == -1 ? -dt : c * dt;
    }

    /// <summary>The same recorded node, or the same constant.</summary>
    static bool Same(Var p, Var q) =>
        p.Index == q.Index && (p.Index != 0 || BitConverter.DoubleToInt64Bits(p.Value) == BitConverter.DoubleToInt64Bits(q.Value));

    /// <summary>Where ∂φ/∂a and ∂φ/∂b come from, read off φ's declared formulas on symbols a, b, y.</summary>
    static (Source Kind, double Constant)[] ShapeOf(byte code, Primitive p)
    {
        if (shapes[code] is { } shape) return shape;
        var a = Expr.Variable("a");
        var b = Expr.Variable("b");
        var y = Expr.Variable("y");
        var (da, db) = p.PartialFormulas(a, b, y);
        (Source, double) Of(Expr e) =>
            e.Kind == ExprKind.Constant ? (Source.Constant, e.Number)
            : e.Equals(a) ? (Source.OperandA, 0) : e.Equals(b) ? (Source.OperandB, 0) : e.Equals(y) ? (Source.Result, 0)
            : (Source.Computed, 0);
        // A race computes the same shape twice; a reference store is atomic.
        return shapes[code] = [Of(da), Of(db)];
    }
}
