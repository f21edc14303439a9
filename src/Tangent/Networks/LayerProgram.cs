using Tangent.Arrays;

namespace Tangent.Networks;

/// <summary>
/// A layer (or network) recorded alone as an array program, with either its input or its parameters as the
/// differentiated arguments: the local derivatives of <see cref="Sequential.LayerDerivatives"/> are these
/// programs' linear maps.
/// </summary>
internal static class LayerProgram
{
    public static void CheckParameters(Layer layer, ReadOnlySpan<Tensor> parameters)
    {
        var specs = layer.Parameters;
        if (parameters.Length != specs.Count)
            throw new ArgumentException($"{layer.Name}: {parameters.Length} parameter arrays given, but it has {specs.Count}.");
        for (int i = 0; i < specs.Count; i++)
            if (!parameters[i].HasShape(specs[i].Shape))
                throw new ArgumentException($"{layer.Name}: parameter {specs[i].Name} has shape {ArrayShape.Format(parameters[i].Shape)}, but {ArrayShape.Format(specs[i].Shape)} is declared.");
    }

    private static int Rows(Layer layer, Tensor input)
    {
        if (input.Rank != 2 || input.Shape[1] != layer.InputWidth)
            throw new ArgumentException($"{layer.Name}: the input has shape {ArrayShape.Format(input.Shape)}, but it takes (batch×{layer.InputWidth}).");
        return input.Shape[0];
    }

    private static (ArrayGraph Graph, TensorVar X, TensorVar[] P) Declare(Layer layer, Tensor input, bool inputIsParameter)
    {
        int rows = Rows(layer, input);
        var g = new ArrayGraph();
        var x = inputIsParameter ? g.Parameter("input", rows, layer.InputWidth) : g.Data("input", rows, layer.InputWidth);
        var p = layer.Parameters.Select(s => inputIsParameter ? g.Data(s.Name, s.Shape) : g.Parameter(s.Name, s.Shape)).ToArray();
        return (g, x, p);
    }

    public static Tensor Evaluate(Layer layer, ReadOnlySpan<Tensor> parameters, Tensor input)
    {
        var (_, x, p) = Declare(layer, input, inputIsParameter: false);
        var program = new ArrayProgram(layer.Record(x, p));
        return program.Evaluate(parameters, [input]);
    }

    public static LinearMap WithRespectToInput(Layer layer, ReadOnlySpan<Tensor> parameters, Tensor input)
    {
        var (_, x, p) = Declare(layer, input, inputIsParameter: true);
        var program = new ArrayProgram(layer.Record(x, p));
        return program.Linearize([input], parameters);
    }

    public static LinearMap WithRespectToParameters(Layer layer, ReadOnlySpan<Tensor> parameters, Tensor input)
    {
        var (_, x, p) = Declare(layer, input, inputIsParameter: false);
        var program = new ArrayProgram(layer.Record(x, p));
        return program.Linearize(parameters, [input]);
    }
}
