using System.Runtime.InteropServices;
using Tangent.Benchmarks;

// Usage: dotnet run -c Release --project bench/Tangent.Benchmarks -- [--quick] [--csv FILE] [--only NAME,...]
//        dotnet run -c Release --project bench/Tangent.Benchmarks -- plot CSV... --png FILE --md FILE
//        dotnet run -c Release --project bench/Tangent.Benchmarks -- explorer [--quick]   (the explorer's update time)
if (args.Length > 0 && args[0] == "plot")
{
    Plot.Run(args[1..]);
    return;
}
if (args.Length > 0 && args[0] == "explorer")
{
    await ExplorerUpdate.Run(args.Contains("--quick"));
    return;
}

if (args.Length > 2 && args[0] == "first-call-child")
{
    CompiledFunctionBench.FirstCallChild(args[1], int.Parse(args[2]));
    return;
}

Harness.Quick = args.Contains("--quick");
string? csv = Arg("--csv");
var only = Arg("--only")?.Split(',') ?? [];
bool Want(string name) => only.Length == 0 || only.Contains(name);

if (csv is not null) Report.StartCsv(csv);
Console.WriteLine($"Tangent benchmarks ({(Harness.Quick ? "quick" : "full")}): {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores");
var bandwidth = Bandwidth.Measure();
Console.WriteLine($"memory bandwidth: copy {bandwidth.CopyGBs:F1} GB/s (read+write), read {bandwidth.ReadGBs:F1} GB/s");
Console.WriteLine(Report.Header());
if (Want("rosenbrock")) RosenbrockBench.Run([10, 1000, 1_000_000], bandwidth);
if (Want("logreg")) LogReg.Run();
if (Want("jacobian")) Derivatives.Jacobians();
if (Want("hessian")) Derivatives.Hessians(Harness.Quick ? [100] : [100, 1000]);
if (Want("points")) Derivatives.ManyPoints(1_000_000);
if (Want("formulas")) FormulaPoints.Run(1_000_000);
if (Want("arrays")) ArraysBench.Run();
if (Want("arrays-fused") && !Want("arrays")) ArraysBench.Fused();
if (only.Contains("arrays-logreg") && !Want("arrays") && !Want("arrays-fused")) ArraysBench.LogRegOnArrays();
if (only.Contains("logreg-profile")) LogRegProfile.Run();
if (Want("compiled")) CompiledFunctionBench.Run();
if (Want("lbfgs")) OptimisationBench.Run(10_000);
if (only.Contains("first-call")) { CompiledFunctionBench.FirstCallDetail(1000, Harness.Quick ? 7 : 15); FirstCallInPlace.Run(1000, Harness.Quick ? 15 : 41); }
if (only.Contains("compile-mlp")) CompiledFunctionBench.CompileMlp(784, int.Parse(Arg("--hidden") ?? "128"), int.Parse(Arg("--images") ?? "64"));

string? Arg(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
