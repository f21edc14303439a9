using Tangent.Formulas;

namespace Tangent.Tests.Formulas;

/// <summary>
/// Formulas of the acceptance kind (Moré–Garbow–Hillstrom functions at random points, textbook formulas
/// using if, atan2, max/min, softplus, towers and negative bases) whose value, gradient and Hessian were
/// computed independently: SymPy 1.14 symbolic differentiation of the formula with the point as exact
/// rationals, evaluated with mpmath at 50 digits and rounded to 20 significant digits. Scored with the
/// acceptance rule |got − exp| ≤ max(1e-12, rtol·max(|got|, |exp|)), rtol 1e-9 (value, gradient) and
/// 1e-7 (Hessian).
/// </summary>
public class OracleFormulaTests
{
    /// <summary>One formula, its point and the SymPy values.</summary>
    public sealed record Case(string Id, string Formula, string[] Vars, double[] Point, double Value, double[] Gradient, double[][] Hessian)
    {
        /// <inheritdoc/>
        public override string ToString() => Id;
    }

    private static readonly Case[] Cases =
    [
        new("mgh-gulf-r1", "(exp(-abs(25 + (-50*log(0.01))^(2/3) - x2)^x3/x1) - 0.01)^2 + (exp(-abs(25 + (-50*log(0.02))^(2/3) - x2)^x3/x1) - 0.02)^2 + (exp(-abs(25 + (-50*log(0.03))^(2/3) - x2)^x3/x1) - 0.03)^2 + (exp(-abs(25 + (-50*log(0.04))^(2/3) - x2)^x3/x1) - 0.04)^2 + (exp(-abs(25 + (-50*log(0.05))^(2/3) - x2)^x3/x1) - 0.05)^2 + (exp(-abs(25 + (-50*log(0.06))^(2/3) - x2)^x3/x1) - 0.06)^2 + (exp(-abs(25 + (-50*log(0.07))^(2/3) - x2)^x3/x1) - 0.07)^2 + (exp(-abs(25 + (-50*log(0.08))^(2/3) - x2)^x3/x1) - 0.08)^2 + (exp(-abs(25 + (-50*log(0.09))^(2/3) - x2)^x3/x1) - 0.09)^2 + (exp(-abs(25 + (-50*log(0.1))^(2/3) - x2)^x3/x1) - 0.1)^2", ["x1", "x2", "x3"], [32.86, 5.03, 2.683], 0.038500000000000000000, [-8.1491631352633966358e-332, -1.6464816242368356619e-331, 1.011111125341707772e-329], [[-1.8894776487440114218e-330, -3.8225685168277940551e-330, 2.3474550203601745217e-328], [-3.8225685168277940551e-330, -7.7270065370189327674e-330, 4.7422556149423706293e-328], [2.3474550203601745217e-328, 4.7422556149423706293e-328, -2.912615501651385654e-326]]),
        new("mgh-chebyquad-r1", "((cos(1*acos(2*x1 - 1)) + cos(1*acos(2*x2 - 1)) + cos(1*acos(2*x3 - 1)) + cos(1*acos(2*x4 - 1)) + cos(1*acos(2*x5 - 1)))/5)^2 + ((cos(2*acos(2*x1 - 1)) + cos(2*acos(2*x2 - 1)) + cos(2*acos(2*x3 - 1)) + cos(2*acos(2*x4 - 1)) + cos(2*acos(2*x5 - 1)))/5 + 1/3)^2 + ((cos(3*acos(2*x1 - 1)) + cos(3*acos(2*x2 - 1)) + cos(3*acos(2*x3 - 1)) + cos(3*acos(2*x4 - 1)) + cos(3*acos(2*x5 - 1)))/5)^2 + ((cos(4*acos(2*x1 - 1)) + cos(4*acos(2*x2 - 1)) + cos(4*acos(2*x3 - 1)) + cos(4*acos(2*x4 - 1)) + cos(4*acos(2*x5 - 1)))/5 + 1/15)^2 + ((cos(5*acos(2*x1 - 1)) + cos(5*acos(2*x2 - 1)) + cos(5*acos(2*x3 - 1)) + cos(5*acos(2*x4 - 1)) + cos(5*acos(2*x5 - 1)))/5)^2", ["x1", "x2", "x3", "x4", "x5"], [0.7091, 0.8144, 0.06301, 0.2254, 0.7559], 0.49157032073863071091, [1.3147641174250054198, -1.1150924527179199041, 2.2194355291403471049, -3.1707729287839208608, 0.28711020307239367393], [[-9.4445381064100871434, 10.154356851889652411, 1.2444783989373206196, -0.21539154354692272564, 11.898772960285335797], [10.154356851889652411, -6.3723985979395733990, -5.7103094674700725383, 8.1258906839270550989, 15.073023791907663647], [1.2444783989373206196, -5.7103094674700725383, -41.909283252607867119, -15.118251732929396316, -2.2598775865746906182], [-0.21539154354692272564, 8.1258906839270550989, -15.118251732929396316, 22.036469950431130048, 4.2937089554572402700], [11.898772960285335797, 15.073023791907663647, -2.2598775865746906182, 4.2937089554572402700, -8.2389259319596162385]]),
        new("mgh-helical-r2", "(10*(x3 - 10*if(x1 > 0, atan(x2/x1)/(2*pi), atan(x2/x1)/(2*pi) + 0.5)))^2 + (10*(sqrt(x1^2 + x2^2) - 1))^2 + (x3)^2", ["x1", "x2", "x3"], [-0.31, -2.2, 1.1], 3966.2570544969814757, [842.26248413542583605, -365.44302663884519687, -1233.2406122470645172], [[322.44242002634884302, 381.09054426853503302, -141.86944138172635834], [381.09054426853503302, 90.170615920079770897, 19.990694012879623220], [-141.86944138172635834, 19.990694012879623220, 202.00000000000000000]]),
        new("mgh-jennrich-r1", "(4 - (exp(1*x1) + exp(1*x2)))^2 + (6 - (exp(2*x1) + exp(2*x2)))^2 + (8 - (exp(3*x1) + exp(3*x2)))^2 + (10 - (exp(4*x1) + exp(4*x2)))^2 + (12 - (exp(5*x1) + exp(5*x2)))^2 + (14 - (exp(6*x1) + exp(6*x2)))^2 + (16 - (exp(7*x1) + exp(7*x2)))^2 + (18 - (exp(8*x1) + exp(8*x2)))^2 + (20 - (exp(9*x1) + exp(9*x2)))^2 + (22 - (exp(10*x1) + exp(10*x2)))^2", ["x1", "x2"], [-0.03816, 0.3329], 206.24730682871452143, [-167.74528453466658292, 1465.2853622259067560], [[-57.948849667194223811, 9039.5410206909457599], [9039.5410206909457599, 286470.19174336695860]]),
        new("tb-powtower-p1", "x^y^z - z^x", ["x", "y", "z"], [0.8425, 1.234, 1.365], -0.50387622983602674198, [0.85422886514144436239, -0.20102675126287739500, -0.84041870328443535313], [[0.37079819273840101054, 1.0743296954017745808, -0.99757415610519867776], [1.0743296954017745808, -0.0086823050138839119321, -0.17988831509005332288], [-0.99757415610519867776, -0.17988831509005332288, 0.086362650978995099181]]),
        new("tb-if-lazy-p1", "if(x > 0, sqrt(x), sqrt(-x)) + if(y >= 0, log(y + 1), log(1 - y))", ["x", "y"], [-0.4284, -0.7144], 1.1935858920553730748, [-0.76391541419017607924, -0.58329444703686420905], [[-0.89159128640309999911, 0], [0, -0.34023241194404118587]]),
        new("tb-unary-p1", "-x^2 + -2^x - (-x)^2*y + -y^3 + (-y)^3", ["x", "y"], [1.791, 0.7674], -10.033650117787952966, [-8.7294950315117855272, -6.7410975600000000000], [[-5.1974301217711043000, -3.5820000000000000000], [-3.5820000000000000000, -9.2088000000000000000]]),
        new("tb-negbase-p2", "(x - 3)^3 + (x - 3)^4 + (y - 5)^-3 + (y - 5)^-2", ["x", "y"], [-1.2, -0.7], 237.10697892900919581, [-243.43200000000000000, 0.0079575589278553497674], [[186.48000000000000000, 0], [0, 0.0036895949916121295914]]),
        new("tb-atan2-nearneg-p1", "atan2(y, x) + atan2(x, y)", ["x", "y"], [-1, 1e-9], 1.5707963267948966192, [0, 0], [[0, 0], [0, 0]]),
        new("tb-maxmin-p1", "max(x, y)^2 + min(x*y, x + y) - max(x^2, 3)*min(y, 2)", ["x", "y"], [1.117, -0.9452], 3.0275006000000000000, [1.2888000000000000000, -1.8830000000000000000], [[2.0000000000000000000, 1.0000000000000000000], [1.0000000000000000000, 0]]),
        new("tb-softplus-big-p1", "softplus(40*x) + softplus(-50*y) + sigmoid(60*x)", ["x", "y"], [1, -1], 91.000000000000000004, [39.999999999999999830, -50.000000000000000000], [[6.7973667769431032879e-15, 0], [0, 4.821874619909794116e-19]]),
    ];

    /// <summary>The case ids, for the theory.</summary>
    public static TheoryData<string> Ids => [.. Cases.Select(c => c.Id)];

    private static void Within(double expected, double got, double rtol, string what)
    {
        double d = Math.Abs(got - expected);
        Assert.True(d <= 1e-12 || d <= rtol * Math.Max(Math.Abs(got), Math.Abs(expected)),
            $"{what}: got {got:R}, SymPy {expected:R}");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void ValueGradientAndHessianMatchSymPyAt50Digits(string id)
    {
        var c = Cases.Single(k => k.Id == id);
        var r = Differentiate.Hessian(Formula.Parse(c.Formula).ToScalarFunction(c.Vars), c.Point);
        Within(c.Value, r.Value, 1e-9, "value");
        for (int i = 0; i < c.Vars.Length; i++)
        {
            Within(c.Gradient[i], r.Gradient[i], 1e-9, $"gradient[{i}]");
            for (int j = 0; j < c.Vars.Length; j++)
                Within(c.Hessian[i][j], r.Hessian[i, j], 1e-7, $"hessian[{i},{j}]");
        }
    }
}
