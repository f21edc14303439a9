using System.Collections;
using System.Globalization;
using CsCheck;

namespace Tangent.Tests.Support;

/// <summary>
/// Properties over a fixed stream of generated cases. CsCheck's <c>Sample(…, seed:)</c> fixes only the first
/// iteration and draws the rest at random, so a property with a rare bad case fails some CI runs and not others.
/// Here every run reads the same <c>iter</c> cases from one PCG stream: a failure is repeatable and names the case's
/// index and values. To explore beyond the stream, set <c>TANGENT_PROPERTY_SEED</c> to another number (or to
/// <c>random</c>), run, and add what it finds as a fixed test.
/// </summary>
public static class Repeatable
{
    private const ulong DefaultSeed = 20251203;

    /// <summary>The seed of this run's stream: <see cref="DefaultSeed"/> unless the environment names another.</summary>
    private static ulong Seed()
    {
        var text = Environment.GetEnvironmentVariable("TANGENT_PROPERTY_SEED");
        if (string.IsNullOrEmpty(text)) return DefaultSeed;
        if (text == "random") return (ulong)Random.Shared.NextInt64();
        return ulong.Parse(text, CultureInfo.InvariantCulture);
    }

    /// <summary>Runs <paramref name="check"/> on the first <paramref name="iter"/> cases of the fixed stream.</summary>
    public static void SampleRepeatably<T>(this Gen<T> gen, Action<T> check, int iter = 100)
    {
        ulong seed = Seed();
        var pcg = new PCG(7, seed);
        for (int k = 0; k < iter; k++)
        {
            var value = gen.Generate(pcg, null, out _);
            try
            {
                check(value);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException(
                    $"case {k} of the stream with seed {seed} failed: {Show(value)}{Environment.NewLine}{e.Message}", e);
            }
        }
    }

    /// <inheritdoc cref="SampleRepeatably{T}(Gen{T}, Action{T}, int)"/>
    public static void SampleRepeatably<T1, T2>(this Gen<(T1, T2)> gen, Action<T1, T2> check, int iter = 100) =>
        gen.SampleRepeatably(t => check(t.Item1, t.Item2), iter);

    /// <inheritdoc cref="SampleRepeatably{T}(Gen{T}, Action{T}, int)"/>
    public static void SampleRepeatably<T1, T2, T3>(this Gen<(T1, T2, T3)> gen, Action<T1, T2, T3> check, int iter = 100) =>
        gen.SampleRepeatably(t => check(t.Item1, t.Item2, t.Item3), iter);

    /// <inheritdoc cref="SampleRepeatably{T}(Gen{T}, Action{T}, int)"/>
    public static void SampleRepeatably<T1, T2, T3, T4>(this Gen<(T1, T2, T3, T4)> gen, Action<T1, T2, T3, T4> check,
        int iter = 100) =>
        gen.SampleRepeatably(t => check(t.Item1, t.Item2, t.Item3, t.Item4), iter);

    /// <inheritdoc cref="SampleRepeatably{T}(Gen{T}, Action{T}, int)"/>
    public static void SampleRepeatably<T1, T2, T3, T4, T5>(this Gen<(T1, T2, T3, T4, T5)> gen,
        Action<T1, T2, T3, T4, T5> check, int iter = 100) =>
        gen.SampleRepeatably(t => check(t.Item1, t.Item2, t.Item3, t.Item4, t.Item5), iter);

    /// <inheritdoc cref="SampleRepeatably{T}(Gen{T}, Action{T}, int)"/>
    public static void SampleRepeatably<T1, T2, T3, T4, T5, T6>(this Gen<(T1, T2, T3, T4, T5, T6)> gen,
        Action<T1, T2, T3, T4, T5, T6> check, int iter = 100) =>
        gen.SampleRepeatably(t => check(t.Item1, t.Item2, t.Item3, t.Item4, t.Item5, t.Item6), iter);

    /// <summary>A case as text: tuples by their items, arrays by their elements, doubles to round-trip precision.</summary>
    private static string Show(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        string s => s,
        System.Runtime.CompilerServices.ITuple t =>
            "(" + string.Join(", ", Enumerable.Range(0, t.Length).Select(i => Show(t[i]))) + ")",
        IEnumerable e => "[" + string.Join(", ", e.Cast<object?>().Select(Show)) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
