using System.Reflection;
using Tangent.Primitives;
using Tangent.Tests.Support;

namespace Tangent.Tests.Primitives;

/// <summary>
/// The one-place-per-primitive rule, checked from both sides: every primitive struct in the Tangent
/// assembly is in <see cref="Primitive.All"/>, has a row in the tests' table, is reachable on Real,
/// Dual and Var through <see cref="IScalar{T}"/>, records its own code on the tape, and its symbolic
/// derivative formula agrees with its numeric derivative where it is smooth.
/// </summary>
public class PrimitiveCompletenessTests
{
    private static readonly Type[] Declared = typeof(Primitive).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && !t.IsInterface && !t.IsGenericTypeDefinition
                    && (typeof(IUnaryPrimitive).IsAssignableFrom(t) || typeof(IBinaryPrimitive).IsAssignableFrom(t)))
        .ToArray();

    [Fact]
    public void EveryPrimitiveStructInTheAssemblyIsListedInPrimitiveAllExactlyOnce()
    {
        var listed = Primitive.All.Select(p => p.Declaration).ToArray();
        Assert.True(Declared.Length >= 26, $"only {Declared.Length} primitive structs found by reflection");
        foreach (var t in Declared)
            Assert.True(listed.Count(l => l == t) == 1, $"{t.Name} implements a primitive interface but is listed {listed.Count(l => l == t)} times in Primitive.All");
        foreach (var t in listed)
            Assert.Contains(t, Declared);
        Assert.Equal(Primitive.All.Count, Primitive.All.Select(p => p.Name).Distinct().Count());
    }

    [Fact]
    public void EveryPrimitiveHasARowInTheTestTableWithItsArity()
    {
        foreach (var p in Primitive.All.Where(p => PrimitiveTable.Cases.ContainsKey(p.Name)))
        {
            var row = PrimitiveTable.Get(p.Name);
            Assert.Equal(p.Arity, row.Arity);
            Assert.Equal(typeof(IBinaryPrimitive).IsAssignableFrom(p.Declaration) ? 2 : 1, p.Arity);
        }
        // The table is an independent oracle for the primitives it lists; the registry-driven completeness test
        // (RegistryCompletenessTests) covers every primitive, listed here or not.
        Assert.All(PrimitiveTable.Cases.Keys, name => Assert.Contains(Primitive.All, p => p.Name == name));
    }

    [Fact]
    public void EveryElementaryFunctionOfIScalarIsAPrimitiveAndEveryPrimitiveIsReachableFromIScalar()
    {
        // Arithmetic primitives are reached through operators; the others through a static function of the same name.
        var operators = new Dictionary<string, string>
        {
            [nameof(Add)] = "op_Addition", [nameof(Subtract)] = "op_Subtraction", [nameof(Multiply)] = "op_Multiply",
            [nameof(Divide)] = "op_Division", [nameof(Negate)] = "op_UnaryNegation", [nameof(Power)] = "Pow",
        };
        var scalarFunctions = typeof(IScalar<>).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => !m.IsSpecialName).Select(m => m.Name).ToHashSet();
        var primitiveFunctions = Primitive.All.Select(p => operators.GetValueOrDefault(p.Declaration.Name, p.Declaration.Name)).ToHashSet();
        scalarFunctions.Remove("Apply"); // the hook every named function calls
        foreach (var f in scalarFunctions)
            Assert.True(primitiveFunctions.Contains(f), $"IScalar<T>.{f} has no primitive struct behind it");
        // Every scalar type implements the hook, so every primitive runs on it.
        foreach (var scalar in new[] { typeof(Real), typeof(Dual), typeof(Var), typeof(Tangent.Symbolic.Expr) })
            Assert.Equal(2, scalar.GetMethods(BindingFlags.Public | BindingFlags.Static).Count(m => m.Name == "Apply" && m.IsGenericMethodDefinition));
    }

    [Theory]
    [MemberData(nameof(PrimitiveTable.Names), MemberType = typeof(PrimitiveTable))]
    public void VarRecordsTheNamedPrimitiveWithItsOwnCode(string name)
    {
        var c = PrimitiveTable.Get(name);
        var x = c.Sample(new Random(3));
        var g = Differentiate.Record(v => PrimitiveTable.Apply<Var>(name, v[0], c.Arity == 2 ? v[1] : 0), x);
        Assert.Equal(1, g.OperationCount);
        var recorded = Primitive.ByCode(g.Ops[g.Count - 1]);
        Assert.Equal(name, recorded.Name);
        // The run-time face evaluates the same value and partials as the table.
        double y = recorded.Evaluate(x[0], c.Arity == 2 ? x[1] : 0, out double da, out double db);
        Approx.Equal(c.Value(x[0], c.Arity == 2 ? x[1] : 0), y, 1e-14, 1e-15, $"{name} Evaluate");
        var (ea, eb) = c.Partials(x[0], c.Arity == 2 ? x[1] : 0);
        Approx.Equal(ea, da, 1e-12, 1e-12, $"{name} Evaluate ∂a");
        Approx.Equal(eb, db, 1e-12, 1e-12, $"{name} Evaluate ∂b");
    }

    [Theory]
    [MemberData(nameof(PrimitiveTable.Names), MemberType = typeof(PrimitiveTable))]
    public void DerivativeFormulaOnRealEqualsTheNumericDerivativeWhereSmooth(string name)
    {
        var p = Primitive.All.Single(q => q.Name == name);
        var c = PrimitiveTable.Get(name);
        var rng = new Random(99);
        var method = typeof(PrimitiveCompletenessTests).GetMethod(c.Arity == 1 ? nameof(UnaryFormula) : nameof(BinaryFormula), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(p.Declaration);
        for (int k = 0; k < 40; k++)
        {
            var x = c.Sample(rng);
            var (fa, fb, na, nb) = ((double, double, double, double))method.Invoke(null, [x[0], c.Arity == 2 ? x[1] : 0.0])!;
            Approx.Equal(na, fa, 1e-13, 1e-14, $"{name}{PrimitiveDerivativeTests.Show(x)} formula ∂a");
            Approx.Equal(nb, fb, 1e-13, 1e-14, $"{name}{PrimitiveDerivativeTests.Show(x)} formula ∂b");
        }
    }

    private static (double, double, double, double) UnaryFormula<P>(double x, double unused) where P : IUnaryPrimitive
    {
        double y = P.Value(x);
        return (P.DerivativeFormula<Real>(x, y).Value, 0, P.Derivative(x, y), 0);
    }

    private static (double, double, double, double) BinaryFormula<P>(double a, double b) where P : IBinaryPrimitive
    {
        double y = P.Value(a, b);
        var (fa, fb) = P.PartialFormulas<Real>(a, b, y);
        var (na, nb) = P.Partials(a, b, y);
        return (fa.Value, fb.Value, na, nb);
    }

    [Fact]
    public void EveryKinkedPrimitiveStatesItsConventionAndEverySmoothOneStatesNone()
    {
        // Where each nonsmooth primitive is nonsmooth: abs, relu, sign at 0; max, min at a tie; atan2 on its branch cut y = 0, x < 0.
        var kinkAt = new Dictionary<string, (double, double)>
        {
            ["abs"] = (0, 0), ["relu"] = (0, 0), ["sign"] = (0, 0), ["max"] = (1.5, 1.5), ["min"] = (1.5, 1.5), ["atan2"] = (0, -1),
            ["floor"] = (0, 0), ["ceil"] = (0, 0), ["leakyrelu"] = (0, 0), ["hypot"] = (0, 0),
        };
        var kinked = kinkAt.Keys.ToArray();
        foreach (var p in Primitive.All.Where(p => PrimitiveTable.Cases.ContainsKey(p.Name)))
        {
            var c = PrimitiveTable.Get(p.Name);
            var x = c.Sample(new Random(5));
            var (a, b) = kinkAt.GetValueOrDefault(p.Name, c.Arity == 1 ? (0, 0) : (1.5, 1.5));
            Assert.Equal(kinked.Contains(p.Name), p.IsKink(a, b));
            Assert.Equal(kinked.Contains(p.Name), p.KinkConvention.Length > 0);
            Assert.False(p.IsKink(x[0], c.Arity == 2 ? x[1] : 0), $"{p.Name} reports a kink at the smooth sample {PrimitiveDerivativeTests.Show(x)}");
        }
    }
}
