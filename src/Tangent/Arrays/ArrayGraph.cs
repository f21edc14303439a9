namespace Tangent.Arrays;

/// <summary>
/// Records an array program once, as one node per array operation: declare its parameters (differentiated) and
/// its data (inputs and labels, never differentiated), write the program with <see cref="ArrayMath"/> and the
/// operators of <see cref="TensorVar"/>, then run it with an <see cref="ArrayProgram"/> for every minibatch of the
/// same shape. Shapes are checked as each operation is recorded.
/// </summary>
/// <example>
/// <code>
/// var g = new ArrayGraph();
/// var w = g.Parameter("w", 100);
/// var x = g.Data("X", 10000, 100);
/// var y = g.Data("y", 10000);                                  // targets
/// var loss = ArrayMath.Mean(ArrayMath.Square(x.MatMul(w) - y));  // least squares
/// var program = new ArrayProgram(loss);
/// var gradient = new Tensor(100);
/// double f = program.Gradient([wValue], [xValue, yValue], [gradient]);
/// </code>
/// </example>
public sealed class ArrayGraph
{
    internal readonly List<TensorVar> Nodes = [];
    internal readonly List<InputVar> Parameters = [];
    internal readonly List<InputVar> DataInputs = [];

    /// <summary>True once a program is built on this graph: it can then no longer be extended.</summary>
    public bool IsFrozen { get; internal set; }

    /// <summary>The number of recorded nodes (operations, inputs and constants).</summary>
    public int Count => Nodes.Count;

    /// <summary>Declares a parameter: an input the program is differentiated with respect to.</summary>
    /// <param name="name">Used in errors ("parameter W: ...").</param>
    /// <param name="shape">Its dimensions.</param>
    public TensorVar Parameter(string name, params int[] shape) => Declare(new InputVar(this, InputKind.Parameter, name, shape, 0));

    /// <summary>Declares a data input (a batch of inputs or targets): bound at run time, never differentiated, checked to be finite.</summary>
    /// <exception cref="ArgumentException">A dimension is 0 (an empty batch) or negative.</exception>
    public TensorVar Data(string name, params int[] shape) => Declare(new InputVar(this, InputKind.Data, name, shape, 0));

    /// <summary>
    /// Declares a vector of <paramref name="count"/> integer class labels in [0, <paramref name="classes"/>), for
    /// <see cref="ArrayMath.CrossEntropy"/>: a data input whose values are checked to be such integers at run time.
    /// </summary>
    public TensorVar Labels(string name, int count, int classes)
    {
        if (classes < 1) throw new ArgumentException($"labels {name}: {classes} classes; there must be at least one.", nameof(classes));
        return Declare(new InputVar(this, InputKind.Labels, name, [count], classes));
    }

    /// <summary>A constant array (copied): neither a parameter nor data.</summary>
    public TensorVar Constant(Tensor value) => Add(new ConstantVar(this, (double[])value.Data.Clone(), (int[])value.ShapeArray.Clone()));

    /// <summary>A constant scalar (rank 0), broadcast against anything.</summary>
    public TensorVar Constant(double value) => Add(new ConstantVar(this, [value], []));

    private InputVar Declare(InputVar input)
    {
        if (input.Kind != InputKind.Parameter)
            for (int d = 0; d < input.Rank; d++)
                if (input.Shape[d] == 0)
                    throw new ArgumentException($"{input.Operation}: shape {ArrayShape.Format(input.Shape)} is empty (dimension {d} is 0); a batch needs at least one element.");
        foreach (var other in Parameters.Concat(DataInputs))
            if (other.Name == input.Name) throw new ArgumentException($"{input.Operation}: the name is already used by {other.Operation}.");
        Add(input);
        (input.Kind == InputKind.Parameter ? Parameters : DataInputs).Add(input);
        return input;
    }

    internal T Add<T>(T node) where T : TensorVar
    {
        if (IsFrozen) throw new InvalidOperationException("This array graph already has a program built on it; record new operations on a new ArrayGraph.");
        node.Index = Nodes.Count;
        Nodes.Add(node);
        return node;
    }
}

internal enum InputKind { Parameter, Data, Labels }

/// <summary>A parameter or data input: its value is the caller's tensor, bound by the program at each run.</summary>
internal sealed class InputVar : TensorVar
{
    public InputVar(ArrayGraph graph, InputKind kind, string name, int[] shape, int classes)
        : base(graph, (int[])shape.Clone())
    {
        Kind = kind;
        Name = name;
        Classes = classes;
        Differentiable = kind == InputKind.Parameter;
    }

    public InputKind Kind { get; }
    public string Name { get; }
    public int Classes { get; }

    public override string Operation => Kind switch
    {
        InputKind.Parameter => $"parameter {Name}",
        InputKind.Data => $"data {Name}",
        _ => $"labels {Name}",
    };

    // The value and the tangent are the caller's arrays, bound at each run; the adjoint is owned (or bound to the caller's gradient).
    internal override void Allocate(bool differentiable)
    {
        if (differentiable && Differentiable) Adjoint = new double[Length];
    }

    internal override long Bytes => 8L * (Adjoint.Length + AdjointTangent.Length);

    /// <summary>The error for a NaN or infinite element (flat index) of the bound value: the run returns no result.</summary>
    internal ArgumentException NonFiniteData(int flat) =>
        new($"{Operation}: element {ArrayShape.FormatIndex(Shape, flat)} is {Value[flat].ToString("R", System.Globalization.CultureInfo.InvariantCulture)}; no result was returned.");
    internal override void AllocateTangent() { } // bound to the caller's direction
    internal override void Forward() { }
    internal override void Backward() { }
    internal override void ForwardTangent() { }
}

/// <summary>A constant: its value is fixed at recording.</summary>
internal sealed class ConstantVar(ArrayGraph graph, double[] value, int[] shape) : TensorVar(graph, shape)
{
    public override string Operation => "constant";
    internal override void Allocate(bool differentiable) => Value = value;
    internal override void Forward() { }
    internal override void Backward() { }
    internal override void ForwardTangent() { }
}
