using SmusServerless.Core.Manifest;
using SmusServerless.Core.Pipeline;
using SmusServerless.Core.Storage;

namespace SmusServerless.Application.Pipeline;

/// <summary>
/// The runs' bundles, each opened once per container: a bundle version never changes, so neither does what it says.
/// Their manifests are loaded with the stack's <paramref name="variables"/> and, for the well-known session variables,
/// the function's own identity (<paramref name="caller"/>), never anything the bundle or the function's environment chooses.
/// </summary>
public sealed class RunBundles(IObjectStore objects, IVariableSource variables, ICallerIdentity? caller = null)
{
    private readonly Dictionary<BundleReference, Task<RunBundle>> _bundles = new();
    private readonly Lock _gate = new();

    public Task<RunBundle> OpenAsync(BundleReference bundle, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_bundles.TryGetValue(bundle, out var opened) && !opened.IsFaulted && !opened.IsCanceled)
                return opened;
            var opening = RunBundle.OpenAsync(objects, bundle, variables, cancellationToken, caller);
            _bundles[bundle] = opening;
            return opening;
        }
    }
}
