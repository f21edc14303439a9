using Tangent.Symbolic;
using static Tangent.Tests.Symbolic.SymbolicCorpus;

namespace Tangent.Tests.Symbolic;

/// <summary>
/// Every symbolic entry of the corpus, evaluated as an expression at random points, equals the
/// numeric derivative of the reverse and second-order sweeps there. The formulas are read off a
/// graph recorded at one point and evaluated at other points too: they are functions, not numbers.
/// </summary>
public class SymbolicCorpusTests
{
    private static Dictionary<string, double> At(string[] names, double[] p) =>
        names.Select((n, i) => (n, p[i])).ToDictionary(t => t.n, t => t.Item2);

    [Theory]
    [MemberData(nameof(ScalarNames), MemberType = typeof(SymbolicCorpus))]
    public void GradientFormulasEqualTheNumericGradientAtRandomPoints(string name)
    {
        var c = ScalarNamed(name);
        var points = Points(c.Variables.Length, c.Low, c.High, 6, seed: name.Length);
        var symbolic = SymbolicDerivatives.Gradient(Differentiate.Record(c.F, points[0]), c.Variables);
        foreach (var p in points)
        {
            var numeric = Differentiate.Gradient(c.F, p).Gradient;
            var values = ExprDerivative.Evaluate(symbolic.Expressions, At(c.Variables, p));
            for (int j = 0; j < numeric.Length; j++)
                Close(numeric[j], values[j], 1e-10, $"{name}: ∂f/∂{c.Variables[j]} = {symbolic.Entries[j]} at ({string.Join(", ", p)})");
        }
    }

    [Theory]
    [MemberData(nameof(ScalarNames), MemberType = typeof(SymbolicCorpus))]
    public void HessianFormulasEqualTheNumericHessianAtRandomPoints(string name)
    {
        var c = ScalarNamed(name);
        var points = Points(c.Variables.Length, c.Low, c.High, 4, seed: 7 * name.Length);
        var symbolic = SymbolicDerivatives.Hessian(Differentiate.Record(c.F, points[0]), c.Variables);
        int n = c.Variables.Length;
        foreach (var p in points)
        {
            var numeric = Differentiate.Hessian(c.F, p).Hessian;
            var flat = Enumerable.Range(0, n * n).Select(k => symbolic.Expressions[k / n, k % n]).ToArray();
            var values = ExprDerivative.Evaluate(flat, At(c.Variables, p));
            for (int k = 0; k < n * n; k++)
                Close(numeric[k / n, k % n], values[k], 1e-9,
                    $"{name}: H[{k / n},{k % n}] = {symbolic.Entries[k / n, k % n]} at ({string.Join(", ", p)})");
        }
    }

    [Theory]
    [MemberData(nameof(VectorNames), MemberType = typeof(SymbolicCorpus))]
    public void JacobianFormulasEqualTheNumericJacobianAtRandomPoints(string name)
    {
        var c = VectorNamed(name);
        var points = Points(c.Variables.Length, c.Low, c.High, 5, seed: 3 * name.Length);
        var symbolic = SymbolicDerivatives.Jacobian(Differentiate.Record(c.F, points[0]), c.Variables);
        foreach (var p in points)
        {
            var numeric = Differentiate.Jacobian(c.F, p).Jacobian;
            int m = numeric.GetLength(0), n = numeric.GetLength(1);
            var flat = Enumerable.Range(0, m * n).Select(k => symbolic.Expressions[k / n, k % n]).ToArray();
            var values = ExprDerivative.Evaluate(flat, At(c.Variables, p));
            for (int k = 0; k < m * n; k++)
                Close(numeric[k / n, k % n], values[k], 1e-10, $"{name}: J[{k / n},{k % n}] = {symbolic.Entries[k / n, k % n]}");
        }
    }

    [Fact]
    public void EveryPrimitiveAppearsInTheCorpus()
    {
        var used = new HashSet<string>();
        foreach (var c in SymbolicCorpus.Scalars)
        {
            var g = Differentiate.Record(c.F, Points(c.Variables.Length, c.Low, c.High, 1, 1)[0]);
            foreach (var e in ExprDerivative.TopologicalOrder(new GraphFormulas(g, c.Variables).Outputs))
                if (e.Primitive is not null) used.Add(e.Primitive.Name);
        }
        // Every primitive of the tests' table (RegistryCompletenessTests covers the symbolic output of any other).
        var missing = Tangent.Primitives.Primitive.All.Select(p => p.Name).Where(Primitives.PrimitiveTable.Cases.ContainsKey).Except(used).ToList();
        Assert.Equal([], missing);
    }

    public static TheoryData<string, double[]> Kinks() => new()
    {
        { "abs(x)", [0.0] },
        { "relu(x)", [0.0] },
        { "max(x, y)", [1.5, 1.5] },
        { "min(x, y)", [1.5, 1.5] },
        { "abs(x - y)*y", [2.0, 2.0] },
        { "sign(x)*x", [0.0] },
    };

    [Theory]
    [MemberData(nameof(Kinks))]
    public void AtAKinkTheFormulasFollowThePrimitivesConvention(string text, double[] at)
    {
        // The formulas are the declared ones (abs' = sign, max' = (1 ± sign(a − b))/2, relu' = sign(relu)),
        // which take the declared convention at the kink: they must give the numeric sweep's value there.
        string[] names = at.Length == 1 ? ["x"] : ["x", "y"];
        var f = Tangent.Formulas.Formula.Parse(text).ToScalarFunction(names);
        var s = SymbolicDerivatives.Gradient(Differentiate.Record(f, at), names);
        var numeric = Differentiate.Gradient(f, at);
        Assert.NotEmpty(numeric.Kinks);
        var values = ExprDerivative.Evaluate(s.Expressions, At(names, at));
        for (int j = 0; j < at.Length; j++) Close(numeric.Gradient[j], values[j], 1e-15, $"{text}: {s.Entries[j]}");
    }
}
