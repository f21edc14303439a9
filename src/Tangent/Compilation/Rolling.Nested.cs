namespace Tangent;

/// <summary>
/// Rolls the segment list the way <see cref="Rolling"/> rolls nodes, so that nested loops become nested loops: a run
/// of U ≥ MinReps repetitions of a list of G consecutive segments (a group) in which every repetition has the same
/// segments as the first — the same primitives, periods, repetitions, operand kinds, strides, same-iteration locals and
/// constants — and every other operand (an input, a datum, a label, a node, a column of the constant table) moves by a
/// fixed amount per repetition. A dot product inside a loop over units: after <see cref="Rolling"/>, each unit is a
/// loop of multiply-adds and a straight block (the activation, the next unit's first term); the group of those two
/// segments repeats once per unit, its weights moving by a row, its node operands by the group's span, the data not
/// at all. Applied again, the groups themselves roll (the loop over samples of a loss), up to
/// <see cref="Shift.Levels"/> levels.
/// </summary>
/// <remarks>
/// Exactness: each repetition's segments are the ones <see cref="Rolling"/> built and checked for those nodes, and
/// the group stands for them exactly: repetition u's operand is Base + u·Shift, which is what its own segment holds
/// (checked here for every u). The emitted code of a repetition is then the code that segment list would get, but
/// for flags taken over all repetitions (a value stored, an adjoint zeroed or a dead position swept where some
/// repetition needs it), which <see cref="Plan"/> closes over every repetition. The reverse code runs the
/// repetitions backwards, each one's segments backwards, so every adjoint still receives its contributions in the
/// order of the interpreted sweep. A run stops before the output node (its value and seed are addressed absolutely).
/// The first repetition may differ from the others (a running sum that starts from a constant): the search then
/// finds the run at the next segment, and the first stays as it is.
/// </remarks>
internal static class Nesting
{
    /// <summary>The most segments a group's repetition may hold.</summary>
    const int MaxGroup = 64;

    /// <summary>The most body nodes (its segments' bodies together) a group may hold: the emitted method stays as small as one with a loop of the longest default period.</summary>
    const int MaxBody = 256;

    /// <summary>
    /// The segments with runs of repeated groups rolled. Smaller groups roll first: every run of one segment along the
    /// list, then of two, and so on, each sweep on the list the previous ones left, so that the innermost repeated
    /// structure (the units of a layer) becomes a group before an outer one (the samples) is searched for, which then
    /// repeats as a few groups rather than as a body that holds every unit's loop. The sweeps are repeated while they
    /// roll something, for groups of groups that only the last sizes formed.
    /// </summary>
    public static List<Segment> Roll(List<Segment> segments, CompileSettings s, int output, List<double> constants)
    {
        int levels = Math.Min(s.Nest, Shift.Levels);
        if (levels <= 0) return segments;
        var deltas = new List<long>();
        for (int sweep = 0; sweep < levels; sweep++)
        {
            int before = segments.Count;
            for (int g = 1; g <= MaxGroup; g++)
            {
                var result = new List<Segment>(segments.Count);
                int pos = 0;
                while (pos < segments.Count)
                {
                    int u = Run(segments, pos, g, s, levels, output, deltas);
                    if (u == 0)
                    {
                        result.Add(segments[pos++]);
                        continue;
                    }
                    result.Add(Wrap(segments, pos, g, u, deltas, constants));
                    pos += g * u;
                }
                segments = result;
            }
            if (segments.Count == before) break;
        }
        return segments;
    }

    /// <summary>The repetitions of the group of segments [pos, pos + g) from pos, or 0 when it does not repeat; its deltas left in <paramref name="deltas"/>.</summary>
    static int Run(List<Segment> segments, int pos, int g, CompileSettings s, int levels, int output, List<long> deltas)
    {
        int minReps = Math.Max(2, s.MinReps);
        if (pos + (long)g * minReps > segments.Count || !Head(segments[pos], segments[pos + g])) return 0;
        int nodes = 0;
        for (int j = 0; j < g; j++)
        {
            var b = segments[pos + j];
            nodes += b.BodyNodes;
            if (nodes > MaxBody || b.Deepest >= levels) return 0; // a body the size of a long loop's at most; levels left
        }
        int u = Repetitions(segments, pos, g, output, deltas);
        if (u < minReps) return 0;
        u = Math.Min(u, Distinct(segments, pos, g, deltas));
        return u < minReps ? 0 : u;
    }

    /// <summary>A quick test that b may repeat a: same shape, before comparing operands.</summary>
    static bool Head(Segment a, Segment b) =>
        a.IsGroup == b.IsGroup && a.Period == b.Period && a.Reps == b.Reps && a.Depth == b.Depth;

    /// <summary>
    /// How many consecutive repetitions of segments [pos, pos+g) match, repetition u against u − 1, with every moving
    /// operand's step per repetition the same throughout (kept in <paramref name="deltas"/>, in <see cref="Walk"/>'s order).
    /// </summary>
    static int Repetitions(List<Segment> segments, int pos, int g, int output, List<long> deltas)
    {
        int start = segments[pos].Start, span = segments[pos + g].Start - start;
        // The output node's value and seed are addressed absolutely: no repetition may hold it.
        int most = output >= start ? (output - start) / span : int.MaxValue;
        int u = 1;
        for (; u < most && pos + (u + 1) * g <= segments.Count; u++)
        {
            int k = 0;
            for (int j = 0; j < g; j++)
            {
                Segment before = segments[pos + (u - 1) * g + j], now = segments[pos + u * g + j];
                if (now.Start - before.Start != span || !Walk(before, now, deltas, ref k, record: u == 1)) return u;
            }
        }
        return Math.Min(u, most);
    }

    /// <summary>
    /// Compares segment <paramref name="now"/> (repetition u) with <paramref name="before"/> (u − 1): true when they
    /// are the same but for moving operands, whose steps are recorded (u = 1) or checked against the recorded ones.
    /// </summary>
    static bool Walk(Segment before, Segment now, List<long> deltas, ref int k, bool record)
    {
        if (!Head(before, now) || before.Own != now.Own || before.Outer != now.Outer) return false;
        if (before.IsGroup)
        {
            if (before.Body!.Length != now.Body!.Length) return false;
            for (int i = 0; i < before.Body.Length; i++)
                if (!Walk(before.Body[i], now.Body[i], deltas, ref k, record)) return false;
            return true;
        }
        for (int p = 0; p < before.Period; p++)
        {
            if (!ReferenceEquals(before.Prims[p], now.Prims[p])) return false;
            if (!Operand(before.A[p], now.A[p], deltas, ref k, record) || !Operand(before.B[p], now.B[p], deltas, ref k, record)) return false;
        }
        return true;
    }

    static bool Operand(Ref before, Ref now, List<long> deltas, ref int k, bool record)
    {
        if (before.Kind != now.Kind || before.Stride != now.Stride || before.Shift != now.Shift) return false;
        if (before.Kind == RefKind.Local) return before.Base == now.Base;
        // A constant may differ between repetitions (a unit's own constant): Wrap then reads it from a column of the
        // constant table. Its slot in the deltas is a placeholder.
        long d = before.Kind == RefKind.Constant ? 0 : now.Base - before.Base;
        if (record)
        {
            if (k == deltas.Count) deltas.Add(d); else deltas[k] = d;
            k++;
            return true;
        }
        return deltas[k++] == d;
    }

    /// <summary>
    /// The most repetitions for which two different operands of a segment (with adjoints: inputs and nodes) never name
    /// the same element: the emitted code keeps one adjoint local per different operand, and two locals for one
    /// element would lose a contribution. Operands that differ only in this level's step, b₁ + u·d₁ and b₂ + u·d₂
    /// (the same stride and inner shifts), meet at u = (b₂ − b₁)/(d₁ − d₂); any other pair is two different operands in
    /// every repetition, which <see cref="Rolling"/> (or an inner level) already kept apart.
    /// </summary>
    static int Distinct(List<Segment> segments, int pos, int g, List<long> deltas)
    {
        int most = int.MaxValue, k = 0;
        var moving = new List<(Ref R, long D)>();
        void Check(Segment s)
        {
            if (s.IsGroup)
            {
                foreach (var b in s.Body!) Check(b);
                return;
            }
            moving.Clear();
            Refs(s, r => moving.Add((r, deltas[k++])));
            for (int i = 0; i < moving.Count; i++)
                for (int j = i + 1; j < moving.Count; j++)
                {
                    var (r1, d1) = moving[i];
                    var (r2, d2) = moving[j];
                    if (!r1.HasAdjoint || r1.Kind != r2.Kind || r1.Stride != r2.Stride || r1.Shift != r2.Shift || d1 == d2) continue;
                    long num = r2.Base - r1.Base, den = d1 - d2;
                    if (num % den == 0 && num / den >= 0) most = (int)Math.Min(most, num / den);
                }
        }
        for (int j = 0; j < g; j++) Check(segments[pos + j]);
        return most;
    }

    /// <summary>
    /// The group of segments [pos, pos + g) repeated u times: its first repetition's segments, each operand given its
    /// step per repetition as the shift of the new outermost level, each node position the group's span.
    /// </summary>
    static Segment Wrap(List<Segment> segments, int pos, int g, int u, List<long> deltas, List<double> constants)
    {
        int start = segments[pos].Start, span = segments[pos + g].Start - start;
        // Constant operands that differ between repetitions become columns of the constant table: value of repetition r
        // at column start + r, read at Base + u·1 (the same at every iteration t of a loop: stride 0).
        var values = new List<double>[deltas.Count];
        for (int r = 0; r < u; r++)
        {
            int k0 = 0;
            for (int j = 0; j < g; j++)
                Refs(segments[pos + r * g + j], x =>
                {
                    if (x.Kind == RefKind.Constant) (values[k0] ??= []).Add(x.Constant);
                    k0++;
                });
        }
        for (int c = 0; c < values.Length; c++)
        {
            if (values[c] is not { } column) continue;
            if (column.All(v => BitConverter.DoubleToInt64Bits(v) == BitConverter.DoubleToInt64Bits(column[0]))) values[c] = null!;
            else
            {
                deltas[c] = constants.Count; // the column's start, for Apply
                constants.AddRange(column);
            }
        }
        var body = segments.GetRange(pos, g).ToArray();
        int k = 0;
        foreach (var b in body) Apply(b, deltas, values, ref k, span, u);
        return new Segment { Start = start, Period = span, Reps = u, Prims = [], A = [], B = [], Body = body };
    }

    /// <summary>Visits the operands of a segment (a group's, in its body) in the order of <see cref="Walk"/>'s deltas.</summary>
    static void Refs(Segment s, Action<Ref> visit)
    {
        if (s.IsGroup)
        {
            foreach (var b in s.Body!) Refs(b, visit);
            return;
        }
        for (int p = 0; p < s.Period; p++)
        {
            if (s.A[p].Kind != RefKind.Local) visit(s.A[p]);
            if (s.B[p].Kind != RefKind.Local) visit(s.B[p]);
        }
    }

    static void Apply(Segment s, List<long> deltas, List<double>?[] varying, ref int k, int span, int u)
    {
        int level = s.Depth; // the new group is the outermost of this segment's groups
        s.Own = s.Own.With(level, span);
        s.Outer = s.Outer.With(level, u);
        s.Depth++;
        if (s.IsGroup)
        {
            foreach (var b in s.Body!) Apply(b, deltas, varying, ref k, span, u);
            return;
        }
        for (int p = 0; p < s.Period; p++)
        {
            s.A[p] = Shifted(s.A[p], level, deltas, varying, ref k);
            s.B[p] = Shifted(s.B[p], level, deltas, varying, ref k);
        }
    }

    static Ref Shifted(Ref r, int level, List<long> deltas, List<double>?[] varying, ref int k)
    {
        if (r.Kind == RefKind.Local) return r;
        int c = k++;
        if (r.Kind != RefKind.Constant) return r with { Shift = r.Shift.With(level, deltas[c]) };
        return varying[c] is null ? r : new Ref(RefKind.Varying, deltas[c], 0, 0, default(Shift).With(level, 1));
    }
}
