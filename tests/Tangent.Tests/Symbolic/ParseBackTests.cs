using Tangent.Formulas;
using Tangent.Symbolic;
using static Tangent.Tests.Symbolic.SymbolicCorpus;

namespace Tangent.Tests.Symbolic;

/// <summary>
/// Every printed formula of the corpus — definitions and entries, as text — parsed back by the
/// formula language and evaluated at random points equals the numeric derivative there. The corpus
/// is run twice: as C# lambdas and as formula text.
/// </summary>
public class ParseBackTests
{
    /// <summary>Evaluates printed entries: each definition tₖ is parsed and evaluated in turn, then the entries with every tₖ known.</summary>
    private static double[] EvaluatePrinted(SymbolicResult r, IEnumerable<string> entries, double[] point)
    {
        var order = r.Variables.ToList();
        var values = point.Select(v => new Real(v)).ToList();
        foreach (var d in r.Definitions)
        {
            values.Add(Formula.Parse(d.Text).Evaluate<Real>(values.ToArray(), order));
            order.Add(d.Name);
        }
        return entries.Select(e => Formula.Parse(e).Evaluate<Real>(values.ToArray(), order).Value).ToArray();
    }

    private static ScalarFunction FromText(Scalar c) => Formula.Parse(c.Text!).ToScalarFunction(c.Variables);

    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var c in SymbolicCorpus.Scalars)
        {
            data.Add(c.Name, false);
            if (c.Text is not null) data.Add(c.Name, true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PrintedGradientParsesBackToTheNumericGradient(string name, bool fromText)
    {
        var c = ScalarNamed(name);
        var f = fromText ? FromText(c) : c.F;
        var points = Points(c.Variables.Length, c.Low, c.High, 5, seed: 11 * name.Length);
        var s = SymbolicDerivatives.Gradient(Differentiate.Record(f, points[0]), c.Variables);
        foreach (var p in points)
        {
            var numeric = Differentiate.Gradient(f, p).Gradient;
            var printed = EvaluatePrinted(s, s.Entries, p);
            for (int j = 0; j < numeric.Length; j++)
                Close(numeric[j], printed[j], 1e-10, $"{name}: ∂f/∂{c.Variables[j]} = {s.Entries[j]}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PrintedHessianParsesBackToTheNumericHessian(string name, bool fromText)
    {
        var c = ScalarNamed(name);
        var f = fromText ? FromText(c) : c.F;
        var points = Points(c.Variables.Length, c.Low, c.High, 3, seed: 13 * name.Length);
        var s = SymbolicDerivatives.Hessian(Differentiate.Record(f, points[0]), c.Variables);
        int n = c.Variables.Length;
        foreach (var p in points)
        {
            var numeric = Differentiate.Hessian(f, p).Hessian;
            var printed = EvaluatePrinted(s, s.Entries.Cast<string>(), p);
            for (int k = 0; k < n * n; k++)
                Close(numeric[k / n, k % n], printed[k], 1e-9, $"{name}: H[{k / n},{k % n}] = {s.Entries[k / n, k % n]}");
        }
    }

    [Theory]
    [MemberData(nameof(VectorNames), MemberType = typeof(SymbolicCorpus))]
    public void PrintedJacobianParsesBackToTheNumericJacobian(string name)
    {
        var c = VectorNamed(name);
        foreach (var f in new[] { c.F, Formula.Parse(c.Text!).ToVectorFunction(c.Variables) })
        {
            var points = Points(c.Variables.Length, c.Low, c.High, 4, seed: 5 * name.Length);
            var s = SymbolicDerivatives.Jacobian(Differentiate.Record(f, points[0]), c.Variables);
            foreach (var p in points)
            {
                var numeric = Differentiate.Jacobian(f, p).Jacobian;
                int n = numeric.GetLength(1);
                var printed = EvaluatePrinted(s, s.Entries.Cast<string>(), p);
                for (int k = 0; k < printed.Length; k++)
                    Close(numeric[k / n, k % n], printed[k], 1e-10, $"{name}: J[{k / n},{k % n}] = {s.Entries[k / n, k % n]}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ScalarNames), MemberType = typeof(SymbolicCorpus))]
    public void PrintedValueParsesBackToTheFunction(string name)
    {
        var c = ScalarNamed(name);
        var points = Points(c.Variables.Length, c.Low, c.High, 4, seed: 17 * name.Length);
        var text = SymbolicDerivatives.Value(Differentiate.Record(c.F, points[0]), c.Variables).Single();
        foreach (var p in points)
            Close(Differentiate.Value(c.F, p), Formula.Parse(text).Evaluate<Real>(p.Select(v => new Real(v)).ToArray(), c.Variables).Value,
                1e-10, $"{name}: f = {text}");
    }

    [Fact]
    public void AFormulaWithIfPrintsTheTakenBranchAndItsCondition()
    {
        var f = Formula.Parse("if(x > 1, x^2*y, sin(y))").ToScalarFunction(["x", "y"]);
        var s = SymbolicDerivatives.Gradient(Differentiate.Record(f, [2, 0.5]), ["x", "y"]);
        Assert.Equal(["2*x*y", "x^2"], s.Entries);
        Assert.Equal(["x > 1"], s.Conditions);
    }
}
