namespace Tangent.Benchmarks;

public static class Plot
{
    public static void Run(string[] args) => throw new NotImplementedException();
}
