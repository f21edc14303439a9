using Tangent.Examples.VanishingGradients;

return DeepProducts.Run(Console.Out, quick: args.Contains("--quick"));
