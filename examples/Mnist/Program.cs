using Tangent.Examples.Mnist;

return MnistExample.Command(args, Console.Out, Console.Error);
