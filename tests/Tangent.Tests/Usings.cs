global using Xunit;
global using Tangent;
