namespace Tangent;

/// <summary>f(x) and ∇f(x), with the kinks and diagnostics met on the way.</summary>
/// <param name="Value">f(x).</param>
/// <param name="Gradient">∇f(x) = (∂f/∂x₁, …, ∂f/∂xₙ).</param>
/// <param name="Kinks">Nonsmooth points hit; the gradient there follows their conventions.</param>
/// <param name="Diagnostics">Domain errors, infinite derivatives, non-finite inputs.</param>
public sealed record GradientResult(double Value, double[] Gradient, IReadOnlyList<Kink> Kinks, IReadOnlyList<Diagnostic> Diagnostics);

/// <summary>f(x) and the directional derivative D_u f(x) = ∇f(x)·u along the unit vector u.</summary>
public sealed record DirectionalResult(double Value, double Derivative, double[] Direction, IReadOnlyList<Kink> Kinks, IReadOnlyList<Diagnostic> Diagnostics);

/// <summary>
/// The direction of steepest ascent u* = ∇f/|∇f| and its rate D_{u*} f = |∇f|, the largest
/// directional derivative over unit u. At a critical point (∇f = 0) every directional derivative is 0
/// and there is no first-order steepest direction: <see cref="Direction"/> is null and
/// <see cref="Note"/> says so.
/// </summary>
public sealed record SteepestAscentResult(double Value, double Rate, double[]? Direction, string? Note, double[] Gradient, IReadOnlyList<Kink> Kinks);

/// <summary>F(x) and the m×n Jacobian J = DF(x), with how it was assembled.</summary>
/// <param name="Value">F(x), m components.</param>
/// <param name="Jacobian">J[i, j] = ∂Fᵢ/∂xⱼ.</param>
/// <param name="Mode">Forward (columns) or reverse (rows) sweeps.</param>
/// <param name="Sweeps">How many sweeps were run.</param>
/// <param name="Kinks">Nonsmooth points hit.</param>
/// <param name="Diagnostics">Domain errors and the like.</param>
public sealed record JacobianResult(double[] Value, double[,] Jacobian, JacobianMode Mode, int Sweeps, IReadOnlyList<Kink> Kinks, IReadOnlyList<Diagnostic> Diagnostics);

/// <summary>f(x), ∇f(x) and the symmetric Hessian ∇²f(x), H[i, j] = ∂²f/∂xᵢ∂xⱼ.</summary>
public sealed record HessianResult(double Value, double[] Gradient, double[,] Hessian, IReadOnlyList<Kink> Kinks, IReadOnlyList<Diagnostic> Diagnostics);
