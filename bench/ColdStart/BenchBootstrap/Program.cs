// The real bootstrap's composition (FunctionCatalog) plus the bench-only `bench.echo` handler.
using SmusServerless.Bench.ColdStart;
using SmusServerless.Functions.Hosting;
using SmusServerless.Runtime;

return await LambdaBootstrap.RunAsync(registry =>
{
    FunctionCatalog.Register(registry);
    registry.Add("bench.echo", services => new EchoHandler(services));
});
