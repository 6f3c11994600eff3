using Microsoft.Playwright;

namespace SmusServerless.Browser.Tests.Approvals;

/// <summary>
/// Launches Debian's chromium through Playwright's bundled driver (no `playwright install`). The executable is
/// <c>SMUS_CHROMIUM</c> if set, else /usr/bin/chromium; when it is missing the tests fail and say how to install it.
/// </summary>
public sealed class ChromiumBrowser : IAsyncLifetime
{
    public const string ExecutableVariable = "SMUS_CHROMIUM";
    private const string DefaultExecutable = "/usr/bin/chromium";
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string ExecutablePath => Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } path ? path : DefaultExecutable;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException(
                $"Chromium was not found at {ExecutablePath}. The browser tests need Debian's chromium: run 'apt-get update && apt-get install -y chromium', "
                + $"or set {ExecutableVariable} to a chromium executable.");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
