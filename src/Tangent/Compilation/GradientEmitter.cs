using System.Reflection.Emit;

namespace Tangent;

/// <summary>
/// One emitted method: x = inputs, v = node values, c = the constant table, g = input adjoints (the
/// gradient), a = node adjoints, d = data, l = labels (read, never differentiated). v and a are indexed by node;
/// only what crosses an iteration, a segment, a branch check or the output is kept there.
/// </summary>
internal unsafe delegate double Block(double* x, double* v, double* c, double* g, double* a, double* d, double* l);

/// <summary>
/// Emits a recorded graph as IL (System.Reflection.Emit.DynamicMethod): the gradient program and the
/// value-only program. Every node becomes a call of its primitive's declaration (through
/// <see cref="Kernels"/>, closed over the declaring struct), so the JIT inlines the same mathematics the tape uses.
/// </summary>
/// <remarks>
/// A small graph is one fused method whose values, partials and adjoints stay in locals. A large one is
/// cut into segments (<see cref="Rolling"/>): repeated structure becomes loops, the rest straight-line
/// blocks. Segments are grouped into methods of at most BlockNodes body nodes, so that the JIT inlines
/// every primitive call (a large method exhausts its inlining budget, and a call left in straight-line
/// code spills every live register) and no method grows past the JIT's limits for full optimisation.
/// When all segments fit one group, forward and reverse code share one method (straight-line segments
/// then keep their values in locals, and the reverse code takes each node's partials from them where it
/// needs them: partials computed in the forward code would all be live across it, and spill); otherwise the forward methods run in order, then the reverse
/// methods backwards, each recomputing its values from memory.
/// </remarks>
internal static class GradientEmitter
{

    /// <summary>The gradient program: methods to run in order.</summary>
    /// <param name="plan">The segments.</param>
    /// <param name="zeroTests">
    /// With false, the reverse code adds (∂φ/∂a)·ȳ even where ȳ = 0. That differs from the sweep only where
    /// ȳ = 0 meets a non-finite partial, and then puts a NaN into the gradient (a NaN adjoint reaches an
    /// input through every later node: each has a variable operand), so a finite gradient from this program
    /// is the sweep's bit for bit; otherwise the caller runs the program with the tests.
    /// </param>
    public static Block[] EmitGradient(Plan plan, bool zeroTests)
    {
        var segments = plan.Segments;
        if (segments.Length == 0) return [];
        if (plan.Fused)
        {
            var (m, il) = New("fused");
            var e = new SegmentEmitter(il, plan, fused: true, zeroTests);
            var frame = e.Forward(segments[0], partials: false, live: true);
            e.Reverse(segments[0], frame, lazy: true);
            e.ZeroUntouchedInputs();
            e.Return(segments[0], frame);
            return [Make(m)];
        }
        var groups = Groups(plan);
        if (groups.Count == 1)
        {
            var (m, il) = New("gradient");
            var e = new SegmentEmitter(il, plan, fused: false, zeroTests);
            var frames = segments.Select(s => e.Forward(s, partials: false, clearAdjoints: true, live: !s.Looped)).ToArray();
            e.Seed();
            for (int i = segments.Length - 1; i >= 0; i--) e.Reverse(segments[i], segments[i].Looped ? null : frames[i], lazy: !segments[i].Looped);
            e.Return(null, null);
            return [Make(m)];
        }
        var blocks = new List<Block>();
        for (int k = 0; k < groups.Count; k++)
        {
            var (m, il) = New($"forward{k}");
            var e = new SegmentEmitter(il, plan, fused: false);
            foreach (var s in groups[k]) e.Forward(s, partials: false, clearAdjoints: true);
            e.Return(null, null);
            blocks.Add(Make(m));
        }
        for (int k = groups.Count - 1; k >= 0; k--)
        {
            var (m, il) = New($"reverse{k}");
            var e = new SegmentEmitter(il, plan, fused: false, zeroTests);
            if (k == groups.Count - 1) e.Seed();
            for (int i = groups[k].Count - 1; i >= 0; i--) e.Reverse(groups[k][i], null);
            e.Return(null, null);
            blocks.Add(Make(m));
        }
        return [.. blocks];
    }

    /// <summary>The value-only program: forward code without partials.</summary>
    public static Block[] EmitValue(Plan plan)
    {
        var blocks = new List<Block>();
        var groups = plan.Fused ? [[.. plan.Segments]] : Groups(plan);
        for (int k = 0; k < groups.Count; k++)
        {
            if (groups[k].Count == 0) continue;
            var (m, il) = New($"value{k}");
            var e = new SegmentEmitter(il, plan, fused: plan.Fused);
            Segment? last = null;
            SegmentEmitter.Frame? frame = null;
            foreach (var s in groups[k]) (last, frame) = (s, e.Forward(s, partials: false));
            e.Return(plan.Fused ? last : null, frame);
            blocks.Add(Make(m));
        }
        return [.. blocks];
    }

    /// <summary>Consecutive segments whose bodies add up to at most BlockNodes nodes (a longer body alone; a group's body is its segments' together).</summary>
    static List<List<Segment>> Groups(Plan plan)
    {
        var groups = new List<List<Segment>>();
        int size = 0;
        foreach (var s in plan.Segments)
        {
            if (groups.Count == 0 || size + s.BodyNodes > plan.Settings.BlockNodes) { groups.Add([]); size = 0; }
            groups[^1].Add(s);
            size += s.BodyNodes;
        }
        return groups;
    }

    static (DynamicMethod, ILGenerator) New(string name)
    {
        var m = new DynamicMethod("tangent_" + name, typeof(double), [typeof(double*), typeof(double*), typeof(double*), typeof(double*), typeof(double*), typeof(double*), typeof(double*)],
            typeof(Kernels).Module, skipVisibility: true);
        return (m, m.GetILGenerator());
    }

    static Block Make(DynamicMethod m) => m.CreateDelegate<Block>();
}
