using Tangent.Primitives;

namespace Tangent;

/// <summary>Where an operand of a segment's position comes from.</summary>
internal enum RefKind : byte
{
    /// <summary>A constant, the same at every iteration (<see cref="Ref.Constant"/>).</summary>
    Constant,
    /// <summary>A constant that differs between iterations: read from the plan's constant table at Base + t·Stride.</summary>
    Varying,
    /// <summary>The value of position Base of the same iteration (a local of the emitted body).</summary>
    Local,
    /// <summary>The input x[Base + t·Stride] (0-based).</summary>
    Input,
    /// <summary>The value of node Base + t·Stride, recorded before the current iteration (read from memory).</summary>
    Node,
    /// <summary>The data value d[Base + t·Stride] (0-based): read at run time, never differentiated (no adjoint).</summary>
    Data,
    /// <summary>The label l[Base + t·Stride] (0-based): data of the second array, never differentiated.</summary>
    Label,
}

/// <summary>
/// An operand of position p of a segment at iteration t: for the memory kinds and <see cref="RefKind.Varying"/> the
/// index Base + t·Stride, affine in t (Stride 0: loop-invariant); inside nested loops (<see cref="Segment.Body"/>) plus
/// Σₖ uₖ·Shift[k], uₖ the repetition of the k-th enclosing group (k = 0 the innermost).
/// </summary>
internal readonly record struct Ref(RefKind Kind, long Base, long Stride, double Constant, Shift Shift = default)
{
    public bool IsMemory => Kind is RefKind.Input or RefKind.Node or RefKind.Data or RefKind.Label;
    /// <summary>An operand whose adjoint is wanted, so that the partial with respect to it is computed.</summary>
    public bool IsVariable => Kind is RefKind.Local or RefKind.Input or RefKind.Node;
    /// <summary>A memory operand with an adjoint in memory (the gradient g or the node adjoints a); data have none.</summary>
    public bool HasAdjoint => Kind is RefKind.Input or RefKind.Node;
}

/// <summary>
/// Per enclosing group of a segment (S0 the innermost, up to <see cref="Levels"/> of them): how far an index moves
/// per repetition of that group. A value type, so that a <see cref="Ref"/> compares by value.
/// </summary>
internal readonly record struct Shift(long S0, long S1, long S2)
{
    /// <summary>The most groups a segment may be nested in (four loop levels in all).</summary>
    public const int Levels = 3;

    public long this[int k] => k switch { 0 => S0, 1 => S1, 2 => S2, _ => throw new ArgumentOutOfRangeException(nameof(k)) };

    public Shift With(int k, long value) => k switch
    {
        0 => this with { S0 = value },
        1 => this with { S1 = value },
        2 => this with { S2 = value },
        _ => throw new ArgumentOutOfRangeException(nameof(k)),
    };

    public bool IsZero => S0 == 0 && S1 == 0 && S2 == 0;
}

/// <summary>
/// Nodes [Start, Start + Period·Reps) of the graph: Reps repetitions of one body of Period nodes
/// with the same primitives, whose operands are affine in the iteration t (a rolled loop), or, with
/// Reps = 1, a straight-line block. A group (<see cref="Body"/> not null) is Reps repetitions of a list of
/// segments spanning Period nodes each, the body's segments standing for its first repetition (nested loops,
/// <see cref="Nesting"/>).
/// </summary>
/// <remarks>
/// A segment inside groups (Depth &gt; 0) stands for every repetition of them: its node positions move by
/// <see cref="Own"/>[k] and its operands by their <see cref="Ref.Shift"/>[k] per repetition of the k-th enclosing
/// group (k = 0 the innermost, which repeats <see cref="Outer"/>[k] times), and its flags (Live, Stored, Shared) hold
/// for all of them (the union).
/// </remarks>
internal sealed class Segment
{
    public required int Start, Period, Reps;
    public required Primitive[] Prims;
    public required Ref[] A, B;
    /// <summary>A group's segments (its first repetition), or null for a loop or a straight-line block.</summary>
    public Segment[]? Body;
    /// <summary>The number of groups this segment lies in (0: top level).</summary>
    public int Depth;
    /// <summary>Per enclosing group (innermost first): how far this segment's nodes move per repetition (the group's Period).</summary>
    public Shift Own;
    /// <summary>Per enclosing group (innermost first): its repetitions.</summary>
    public Shift Outer;
    public bool IsGroup => Body is not null;
    /// <summary>Emitted inside a loop: a rolled segment, a group, or any segment of a group's body (its values are recomputed by the reverse code, never kept in locals).</summary>
    public bool Looped => Reps > 1 || Depth > 0 || IsGroup;
    /// <summary>Body nodes the emitted code holds: a group's is its segments' sum.</summary>
    public int BodyNodes => Body is null ? Period : Body.Sum(b => b.BodyNodes);
    /// <summary>The deepest nesting of a segment in or under this one.</summary>
    public int Deepest => Body is null ? Depth : Body.Max(b => b.Deepest);
    /// <summary>The loops the emitted code holds: a group's own and its body's.</summary>
    public int Loops => Body is null ? (Reps > 1 ? 1 : 0) : 1 + Body.Sum(b => b.Loops);
    /// <summary>Per position: on a path to the output at some iteration (its adjoint may be nonzero).</summary>
    public bool[] Live = [];
    /// <summary>Per position: value kept in memory at every iteration, because code of another iteration or segment, a branch check or the caller (the output) reads it, or the loop checkpoints it.</summary>
    public bool[] Stored = [];
    /// <summary>Per position: adjoint kept in memory at every iteration (zeroed by the forward code), because another iteration or segment adds to it, or it is the output's (the seed).</summary>
    public bool[] Shared = [];
    /// <summary>Per position, once probed: its constant partials, or null (<see cref="Tangent.ConstantPartials"/>).</summary>
    public (double Da, double Db)?[]? ConstantPartials;
    public bool[]? Probed;
    public int End => Start + Period * Reps;

    /// <summary>Positions whose value must be computed: the seed and, backwards, the same-iteration operands of those.</summary>
    public bool[] Needed(Func<int, bool> seed, bool[]? loaded = null)
    {
        var needed = new bool[Period];
        for (int p = Period - 1; p >= 0; p--)
        {
            bool own = seed(p);
            needed[p] |= own;
            // A value read back from memory needs no operands (unless its own partials do).
            if (!needed[p] || (loaded?[p] == true && !own)) continue;
            if (A[p].Kind == RefKind.Local) needed[A[p].Base] = true;
            if (Binary(p) && B[p].Kind == RefKind.Local) needed[B[p].Base] = true;
        }
        return needed;
    }

    /// <summary>
    /// What the reverse code of an iteration recomputes (or reads back when stored): the live positions whose partials
    /// depend on values, and their operands. A node with constant partials (a running sum's +) needs none.
    /// </summary>
    public bool[] RecomputedInReverse() => Needed(p => Live[p] && Tangent.ConstantPartials.Of(this, p) is null, Stored);
    public bool Rolled => Reps > 1;
    public bool Binary(int p) => Prims[p].Arity == 2;
}

/// <summary>Tuning of the compiler (internal: tests lower the thresholds to exercise rolling on small graphs).</summary>
/// <param name="FusedNodes">Graphs of at most this many nodes become one fused method.</param>
/// <param name="BlockNodes">The most body nodes of one emitted method (and of a straight-line block).</param>
/// <param name="MinReps">The fewest repetitions rolled into a loop (or a group).</param>
/// <param name="MaxPeriod">The longest loop body (and group body) searched for.</param>
/// <param name="Nest">The most levels of groups <see cref="Nesting"/> rolls (0: none; at most <see cref="Shift.Levels"/>).</param>
internal readonly record struct CompileSettings(int FusedNodes = 150, int BlockNodes = 100, int MinReps = 4, int MaxPeriod = 256, int Nest = Shift.Levels)
{
    public static CompileSettings Default => new(150, 100, 4, 256, Shift.Levels);
}

