using System.Globalization;

namespace Tangent.Plots;

/// <summary>What a picture is of: the formula, the variable names (in the point's order) and the point; it titles every picture.</summary>
/// <param name="Formula">The formula's text.</param>
/// <param name="Names">The variable names.</param>
/// <param name="Point">The point, one value per name.</param>
public sealed record Subject(string Formula, IReadOnlyList<string> Names, double[] Point)
{
    /// <summary>"f(x, y) = x^2*y at (x, y) = (1, 2)", the formula shortened to 70 characters.</summary>
    public string Title(string f = "f")
    {
        string text = Formula.Length <= 70 ? Formula : Formula[..69] + "…";
        return $"{f}({string.Join(", ", Names)}) = {text}  at ({string.Join(", ", Names)}) = ({string.Join(", ", Point.Select(v => Number(v)))})";
    }

    /// <summary>A number for a picture: 4 significant digits, invariant culture, exponent as e-07.</summary>
    public static string Number(double v, int digits = 4) => v.ToString("G" + digits, CultureInfo.InvariantCulture).Replace("E", "e");

    /// <summary>(a, b) with <see cref="Number"/>.</summary>
    public static string Vector(IEnumerable<double> v) => "(" + string.Join(", ", v.Select(c => Number(c))) + ")";
}
