using System.CommandLine;
using Tangent.Cli;

// tangent: every derivative of a formula at a point. Exit codes: 0 success, 2 usage or formula error.
var root = new RootCommand("tangent — exact derivatives in Rⁿ: value, gradient, directional derivative, Jacobian, Hessian, and an honest verdict on differentiability.");
foreach (var command in Commands.All) root.Subcommands.Add(command);
return Cli.Invoke(root, args);
