namespace Tangent;

/// <summary>How a <see cref="CompiledFunction"/> records, compiles and caches its variants.</summary>
public sealed record CompileOptions
{
    /// <summary>The defaults: 8 variants, compiled in the background, tape after 16 unseen branch patterns in a row.</summary>
    public static CompileOptions Default { get; } = new();

    /// <summary>The most compiled variants kept (one per pattern of branch decisions); the least recently used goes first.</summary>
    public int MaxVariants { get; init; } = 8;

    /// <summary>
    /// After this many calls in a row that each took branches no kept variant had seen, the function is taken to change its
    /// branches on every call: compiling stops and every call is recorded on the tape (<see cref="CompiledFunction.Diagnostics"/> says so).
    /// </summary>
    public int MissesBeforeTape { get; init; } = 16;

    /// <summary>
    /// True (the default): compilation runs on a background thread and the tape answers meanwhile. False: the first call
    /// of each variant compiles it on the caller's thread (deterministic timing, e.g. for a command-line run).
    /// </summary>
    public bool Background { get; init; } = true;

    /// <summary>
    /// Values per data row, for <see cref="Data.Columns"/> and for naming the row of a NaN datum (0: Length / LabelCount
    /// when there are labels, else one row).
    /// </summary>
    public int Columns { get; init; }

    /// <summary>
    /// True: a variant whose graph can land exactly on a kink (a primitive with a kink convention such as abs, relu or max,
    /// or a branch, whose comparison can sit on its boundary) is not compiled, and
    /// <see cref="CompiledFunction.Gradient(ReadOnlySpan{double})"/> answers it by replaying its recording, which reports
    /// every kink hit; compiled code applies the kink conventions but does not see them. False (the default): every
    /// variant is compiled, and results from compiled code list no kinks.
    /// </summary>
    public bool ReportKinks { get; init; }

    /// <summary>The options of each recording (node limit, kink policy).</summary>
    public DifferentiationOptions Recording { get; init; } = DifferentiationOptions.Default;
}
