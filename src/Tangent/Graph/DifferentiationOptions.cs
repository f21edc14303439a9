namespace Tangent;

/// <summary>How a Jacobian is assembled.</summary>
public enum JacobianMode
{
    /// <summary>Forward sweeps when n ≤ m (one per chunk of columns), reverse sweeps otherwise (one per row).</summary>
    Auto,
    /// <summary>Columns J·eⱼ by forward (tangent) sweeps, several at once.</summary>
    Forward,
    /// <summary>Rows eᵢᵀ·J by reverse (adjoint) sweeps.</summary>
    Reverse,
}

/// <summary>Settings of a recording and its sweeps.</summary>
public sealed record DifferentiationOptions
{
    /// <summary>The defaults: report kinks, Jacobian direction chosen by shape, 64 Mi nodes at most.</summary>
    public static DifferentiationOptions Default { get; } = new();

    /// <summary>Report kinks with the result, or throw at the first one.</summary>
    public KinkPolicy Kinks { get; init; } = KinkPolicy.Report;

    /// <summary>The largest graph a recording may build, in nodes (24 bytes each); beyond it a <see cref="GraphTooLargeException"/>.</summary>
    public long MaxNodes { get; init; } = 64L << 20;

    /// <summary>The direction of Jacobian sweeps.</summary>
    public JacobianMode Jacobian { get; init; } = JacobianMode.Auto;

    /// <summary>Tangent directions carried by one forward sweep.</summary>
    public int Chunk { get; init; } = 8;
}
