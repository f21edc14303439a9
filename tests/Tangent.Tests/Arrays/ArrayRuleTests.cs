using Tangent.Arrays;
using Tangent.Tests.Support;
using A = Tangent.Arrays.ArrayMath;

namespace Tangent.Tests.Arrays;

/// <summary>
/// Every array rule, on the small programs of <see cref="ArrayCase"/>: the value and the gradient equal the scalar
/// engine's on the same function written element by element (to rounding), the gradient matches central
/// differences, and the JVP and VJP are transposes of each other (⟨w, J·v⟩ = ⟨Jᵀ·w, v⟩).
/// </summary>
public class ArrayRuleTests
{
    public static TheoryData<string> Names() => [.. ArrayCase.All.Select(c => c.Name)];

    private static ArrayCase Case(string name) => ArrayCase.All.Single(c => c.Name == name);

    /// <summary>A random weight W of the output's shape, the same for every call, so that Σ W⊙out is a scalar loss that sees every output.</summary>
    private static double[] Weights(int n)
    {
        var rng = new Random(n + 17);
        return [.. Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 1)];
    }

    /// <summary>The program Σ W⊙out(parameters) on a fresh graph.</summary>
    private static ArrayProgram Weighted(ArrayCase c, out double[] weights)
    {
        var g = new ArrayGraph();
        var output = c.Build(g);
        weights = Weights(output.Length);
        var w = g.Constant(Tensor.From((double[])weights.Clone(), [.. output.Shape]));
        return new ArrayProgram(A.Sum(output * w));
    }

    private static double[] Flatten(Tensor[] tensors) => [.. tensors.SelectMany(t => t.Data)];

    /// <summary>The tensors shaped like <paramref name="like"/> read in order from one flat vector.</summary>
    internal static Tensor[] Unflatten(double[] flat, Tensor[] like)
    {
        var result = new Tensor[like.Length];
        int at = 0;
        for (int i = 0; i < like.Length; i++)
        {
            result[i] = Tensor.From(flat[at..(at + like[i].Length)], [.. like[i].Shape]);
            at += like[i].Length;
        }
        return result;
    }

    private static Var[][] Split(ReadOnlySpan<Var> flat, Tensor[] like)
    {
        var parts = new Var[like.Length][];
        int at = 0;
        for (int i = 0; i < like.Length; i++) { parts[i] = flat.Slice(at, like[i].Length).ToArray(); at += like[i].Length; }
        return parts;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ValueAndGradientEqualTheScalarEngines(string name)
    {
        var c = Case(name);
        var program = Weighted(c, out var weights);
        var gradient = c.Parameters.Select(p => new Tensor([.. p.Shape])).ToArray();
        double value = program.Gradient(c.Parameters, c.Data, gradient);

        var reference = Differentiate.Gradient(x =>
        {
            var outputs = c.Scalar(Split(x, c.Parameters));
            Var s = 0.0;
            for (int i = 0; i < outputs.Length; i++) s += weights[i] * outputs[i];
            return s;
        }, Flatten(c.Parameters));

        Approx.Equal(reference.Value, value, 1e-13, 1e-13, $"{name}: value");
        Approx.Equal(reference.Gradient, Flatten(gradient), 1e-12, 1e-13, $"{name}: gradient");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void HessianVectorProductEqualsTheScalarEngines(string name)
    {
        var c = Case(name);
        var program = Weighted(c, out var weights);
        var rng = new Random(11);
        var v = Dense.Random(rng, c.Parameters.Sum(p => p.Length));
        var result = c.Parameters.Select(p => new Tensor([.. p.Shape])).ToArray();
        program.Hvp(c.Parameters, c.Data, Unflatten(v, c.Parameters), result);

        var reference = Differentiate.Hvp(x =>
        {
            var outputs = c.Scalar(Split(x, c.Parameters));
            Var s = 0.0;
            for (int i = 0; i < outputs.Length; i++) s += weights[i] * outputs[i];
            return s;
        }, Flatten(c.Parameters), v);
        Approx.Equal(reference, Flatten(result), 1e-11, 1e-12, $"{name}: Hessian·v");

        // and against central differences of the gradient along v
        var gradient = c.Parameters.Select(p => new Tensor([.. p.Shape])).ToArray();
        double[] G(double t)
        {
            var moved = Unflatten([.. Flatten(c.Parameters).Select((x, i) => x + t * v[i])], c.Parameters);
            program.Gradient(moved, c.Data, gradient);
            return Flatten(gradient);
        }
        double h = 1e-3;
        double[] gp2 = G(2 * h), gp = G(h), gm = G(-h), gm2 = G(-2 * h);
        var fd = gp.Select((_, i) => (-gp2[i] + 8 * gp[i] - 8 * gm[i] + gm2[i]) / (12 * h)).ToArray();
        Approx.Equal(fd, Flatten(result), 1e-7, 1e-8, $"{name}: Hessian·v vs central differences of the gradient");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void GradientMatchesCentralDifferences(string name)
    {
        var c = Case(name);
        var program = Weighted(c, out _);
        var gradient = c.Parameters.Select(p => new Tensor([.. p.Shape])).ToArray();
        program.Gradient(c.Parameters, c.Data, gradient);
        var fd = FiniteDifference.Gradient(x => program.Value(Unflatten(x, c.Parameters), c.Data), Flatten(c.Parameters));
        Approx.Equal(fd, Flatten(gradient), 1e-8, 1e-9, $"{name}: gradient vs central differences");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void JvpAndVjpAreTransposes(string name)
    {
        var c = Case(name);
        var g = new ArrayGraph();
        var program = new ArrayProgram(c.Build(g));
        var map = program.Linearize(c.Parameters, c.Data);
        var rng = new Random(5);
        for (int k = 0; k < 5; k++)
        {
            var v = Dense.Random(rng, map.Columns);
            var w = Dense.Random(rng, map.Rows);
            double left = Dense.Dot(w, map.Apply(v)), right = Dense.Dot(map.ApplyTranspose(w), v);
            Approx.Equal(left, right, 1e-12, 1e-13, $"{name}: ⟨w, J·v⟩ vs ⟨Jᵀ·w, v⟩");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void JacobianMatchesCentralDifferences(string name)
    {
        var c = Case(name);
        var program = new ArrayProgram(c.Build(new ArrayGraph()));
        var jacobian = program.Linearize(c.Parameters, c.Data).ToMatrix();
        var fd = FiniteDifference.Jacobian(x => program.Evaluate(Unflatten(x, c.Parameters), c.Data).Data, Flatten(c.Parameters));
        Approx.Equal(fd, jacobian, 1e-8, 1e-9, $"{name}: Jacobian vs central differences");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ArithmeticPartialsAreTheScalarDeclarations(int code)
    {
        var op = (Arithmetic)code; // Add, Subtract, Multiply, Divide
        var rng = new Random(3);
        for (int i = 0; i < 50; i++)
        {
            double a = rng.NextDouble() * 4 - 2, b = rng.NextDouble() * 4 - 2;
            var (y, (da, db)) = op switch
            {
                Arithmetic.Add => (a + b, global::Tangent.Primitives.Add.Partials(a, b, a + b)),
                Arithmetic.Subtract => (a - b, global::Tangent.Primitives.Subtract.Partials(a, b, a - b)),
                Arithmetic.Multiply => (a * b, global::Tangent.Primitives.Multiply.Partials(a, b, a * b)),
                _ => (a / b, global::Tangent.Primitives.Divide.Partials(a, b, a / b)),
            };
            Assert.Equal(da, ArithmeticVar.PartialOf(op, sideA: true).At(a, b, y));
            Assert.Equal(db, ArithmeticVar.PartialOf(op, sideA: false).At(a, b, y));
        }
    }
}
