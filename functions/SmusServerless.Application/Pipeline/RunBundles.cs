using SmusServerless.Core.Manifest;
using SmusServerless.Core.Pipeline;
using SmusServerless.Core.Storage;

namespace SmusServerless.Application.Pipeline;

/// <summary>
/// The runs' bundles, each opened once per container: a bundle version never changes, so neither does what it says.
/// </summary>
public sealed class RunBundles(IObjectStore objects, IVariableSource variables)
{
    private readonly Dictionary<BundleReference, Task<RunBundle>> _bundles = new();
    private readonly Lock _gate = new();

    public Task<RunBundle> OpenAsync(BundleReference bundle, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_bundles.TryGetValue(bundle, out var opened) && !opened.IsFaulted && !opened.IsCanceled)
                return opened;
            var opening = RunBundle.OpenAsync(objects, bundle, variables, cancellationToken);
            _bundles[bundle] = opening;
            return opening;
        }
    }
}
