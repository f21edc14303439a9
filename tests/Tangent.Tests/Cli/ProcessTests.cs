using System.Diagnostics;

namespace Tangent.Tests.Cli;

/// <summary>The real process: exit codes and streams as a shell sees them.</summary>
public class ProcessTests
{
    private static (int Code, string Out, string Error) Start(params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "Tangent.Cli.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(60_000), "the process did not exit");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void SuccessExitsZeroWithJsonOnStdout()
    {
        var (code, output, error) = Start("grad", "x^2*y", "--at", "x=3,y=2", "--json");
        Assert.Equal(0, code);
        Assert.Equal("{\"variables\":[\"x\",\"y\"],\"point\":[3,2],\"value\":18,\"gradient\":[12,9]}", output.Trim());
        Assert.Equal("", error);
    }

    [Fact]
    public void PointErrorExitsTwoWithOneLineOnStderr()
    {
        var (code, output, error) = Start("grad", "x*y", "--at", "x=1,x=2");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void DeepNestingIsAnErrorNotAStackOverflow()
    {
        var (code, _, error) = Start("grad", new string('(', 10_000) + "x" + new string(')', 10_000), "--at", "x=1");
        Assert.Equal(2, code);
        Assert.Contains("nested deeper", error);
    }

    [Fact]
    public void UsageErrorOfTheCommandLineExitsTwo()
    {
        var (code, _, error) = Start("grad");
        Assert.Equal(2, code);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
