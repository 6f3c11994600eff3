// The one `bootstrap` executable (custom runtime provided.al2023, Native AOT). Every function of the
// SAM template runs this binary; its `_HANDLER` setting picks the handler from FunctionCatalog.
using SmusServerless.Functions.Hosting;
using SmusServerless.Runtime;

return await LambdaBootstrap.RunAsync(FunctionCatalog.Register);
