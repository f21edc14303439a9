using Tangent.Cli.Shared;

namespace Tangent.Cli.Commands;

/// <summary>
/// The Hessian and its eigenvalues in the report of many variables: printed in full up to <see cref="MaxDense"/>
/// variables, summarised beyond (size, sparsity, largest entry, extreme eigenvalues and the count of each sign), with what
/// was left out said, so that 1 000 variables do not print a million entries.
/// </summary>
internal static class ReportSummary
{
    /// <summary>The most variables whose Hessian and eigenvalues the text prints in full.</summary>
    public const int MaxDense = 10;

    /// <summary>The most variables whose Hessian the JSON gives entry by entry (beyond: the summary only).</summary>
    public const int MaxJsonDense = 100;

    /// <summary>How many extreme eigenvalues are printed at each end.</summary>
    private const int Extremes = 3;

    /// <summary>Nonzero entries, the most in one row, and the largest |entry| of a square matrix.</summary>
    public static (long Nonzeros, int MaxPerRow, double Largest) Sparsity(double[,] h)
    {
        int n = h.GetLength(0), maxRow = 0;
        long nonzeros = 0;
        double largest = 0;
        for (int i = 0; i < n; i++)
        {
            int row = 0;
            for (int j = 0; j < n; j++)
            {
                double e = h[i, j];
                if (e == 0) continue;
                row++;
                if (!(Math.Abs(e) <= largest)) largest = Math.Abs(e); // NaN entries make it NaN, as they should
            }
            nonzeros += row;
            maxRow = Math.Max(maxRow, row);
        }
        return (nonzeros, maxRow, largest);
    }

    /// <summary>The Hessian: in full for few variables, else one line of its size and sparsity saying that it is not printed.</summary>
    public static void Hessian(TextWriter o, LocalModel m, string[] names)
    {
        int n = names.Length;
        if (n <= MaxDense)
        {
            o.WriteLine($"Hessian ∇²f (rows and columns {string.Join(", ", names)}):");
            Human.Matrix(o, m.Hessian);
            return;
        }
        var (nonzeros, maxRow, largest) = Sparsity(m.Hessian);
        o.WriteLine($"Hessian ∇²f: {n}×{n}, not printed (the text prints it up to {MaxDense} variables; --json gives every entry up to {MaxJsonDense}):");
        o.WriteLine($"  {nonzeros:N0} of {(long)n * n:N0} entries are nonzero ({Human.G(100.0 * nonzeros / ((long)n * n), 3)}%), at most {maxRow} in a row; the largest |entry| is {Human.N(largest)}");
    }

    /// <summary>The eigenvalues: all for few variables, else the extremes and how many are negative, zero and positive.</summary>
    public static string Eigenvalues(LocalModel m)
    {
        var l = m.Eigenvalues;
        if (l.Length <= MaxDense) return string.Join(", ", l.Select(Human.N));
        double zero = 1e-12 * l.Max(Math.Abs);
        int negative = l.Count(v => v < -zero), positive = l.Count(v => v > zero), zeros = l.Length - negative - positive;
        return $"{l.Length} of them, not all printed: smallest {string.Join(", ", l.Take(Extremes).Select(Human.N))}; largest {string.Join(", ", l.TakeLast(Extremes).Select(Human.N))}; {negative} negative, {zeros} zero (|λ| ≤ 1e-12·|λ|max), {positive} positive";
    }
}
