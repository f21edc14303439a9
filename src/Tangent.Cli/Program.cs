using Tangent.Cli;
using Tangent.Cli.Shared;

// tangent: every derivative of a formula at a point. Exit codes: 0 success, 2 usage or formula error.
return Cli.Run(args, new Io(Console.In, Console.Out, Console.Error));
