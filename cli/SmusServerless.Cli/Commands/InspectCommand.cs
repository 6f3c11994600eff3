using System.CommandLine;
using System.Globalization;
using SmusServerless.Cli.Bundles;
using SmusServerless.Cli.Manifests;
using SmusServerless.Cli.Output;
using SmusServerless.Core.Bundle;
using SmusServerless.Core.Manifest;

namespace SmusServerless.Cli.Commands;

/// <summary>
/// <c>inspect bundle.zip [--json | -o TEXT|JSON]</c>: opens the bundle with <see cref="BundleReader"/> (an unsafe bundle is refused
/// with its named reason), verifies every entry against bundle.json, and shows the provenance, the manifest's
/// targets in deployment order and the file table. Exit 1 when the bundle is refused or its manifest is invalid.
/// </summary>
public static class InspectCommand
{
    public const string Name = "inspect";

    public static Command Create(CliContext context)
    {
        var bundle = CommonOptions.BundlePath();
        var json = CommonOptions.Json();
        var format = CommonOptions.OutputFormat();
        var command = new Command(Name, "Check a bundle (safety, sizes, CRC-32 and SHA-256 of every file) and show its provenance, targets and files.")
        {
            bundle,
            json,
            format,
        };
        command.SetAction((parsed, cancellationToken) =>
            CommonOptions.RunAsync(context, Name, parsed.GetValue(json), parsed.GetValue(format), console =>
                RunAsync(context, console, parsed.GetValue(bundle)!, cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, CliConsole console, string path, CancellationToken cancellationToken)
    {
        var bundle = await VerifiedBundle.OpenAsync(context, path, cancellationToken).ConfigureAwait(false);
        var descriptor = bundle.Descriptor;
        // Validated as Resolve would, with this environment's variables standing in for the stack's configuration.
        var manifest = ManifestLoader.Load(bundle.ManifestText, BundleEntryName.Manifest,
            await context.VariablesForAsync(bundle.ManifestText, cancellationToken).ConfigureAwait(false),
            ManifestLoadOptions.Default with { BundleContents = new BundleFileSet(descriptor.Files.Select(f => f.Path).Append(BundleEntryName.Descriptor)) });
        var targets = manifest.Manifest?.Targets.Select(ToDocument).ToList() ?? [];

        if (!console.Json)
            WriteText(console.Output, bundle, manifest, targets);
        console.Document(
            new InspectDocument(
                Name, manifest.IsValid, bundle.FullPath, bundle.Sha256, bundle.Size, descriptor.Name, descriptor.Version,
                FormatTime(descriptor.Created), SourceDocument.From(descriptor.Source), bundle.Verification.Files, bundle.Verification.Bytes,
                new ManifestSummaryDocument(manifest.IsValid, manifest.Manifest?.Name, targets, DiagnosticReport.Documents(manifest.Diagnostics)),
                [.. descriptor.Files.Select(f => new FileDocument(f.Path, f.Size, f.Sha256))]),
            CliJsonContext.Output.InspectDocument);
        if (!manifest.IsValid)
            console.Problem($"{bundle.DisplayPath}: the bundle's {BundleEntryName.Manifest} is invalid: {DiagnosticReport.Counts(manifest)}");
        return manifest.IsValid ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static TargetDocument ToDocument(TargetDefinition target) =>
        new(target.Name, target.Stage, target.Domain.Name, target.Domain.Region, target.Project.Name,
            target.IsDeploymentTarget, target.IsDefault, target.Create);

    private static void WriteText(TextWriter output, VerifiedBundle bundle, ManifestLoadResult manifest, IReadOnlyList<TargetDocument> targets)
    {
        var descriptor = bundle.Descriptor;
        output.WriteLine($"bundle      {bundle.DisplayPath}");
        output.WriteLine($"name        {descriptor.Name}");
        output.WriteLine($"version     {descriptor.Version}");
        output.WriteLine($"created     {FormatTime(descriptor.Created)}");
        output.WriteLine($"commit      {descriptor.Source.Commit ?? "(unknown)"}");
        output.WriteLine($"author      {descriptor.Source.Author ?? "(unknown)"}");
        if (descriptor.Source.Repository is { } repository)
            output.WriteLine($"repository  {repository}");
        output.WriteLine($"sha256      {bundle.Sha256}");
        output.WriteLine($"size        {bundle.Size} bytes");
        output.WriteLine($"verified    {DiagnosticReport.Count(bundle.Verification.Files, "file")}, {bundle.Verification.Bytes} bytes: sizes, CRC-32 and SHA-256 match bundle.json");
        output.WriteLine();

        DiagnosticReport.Write(output, manifest.Diagnostics);
        output.WriteLine(manifest.Manifest is { } valid
            ? $"manifest    valid: pipeline {valid.Name}, {DiagnosticReport.Count(manifest.Warnings.Count(), "warning")}"
            : $"manifest    invalid: {DiagnosticReport.Counts(manifest)}");
        if (targets.Count > 0)
        {
            output.WriteLine("targets (deployment order):");
            var table = new TextTable("TARGET", "STAGE", "DOMAIN", "PROJECT", "DEPLOY", "DEFAULT", "CREATE");
            foreach (var target in targets)
                table.Add(target.Name, target.Stage, $"{target.Domain} ({target.Region})", target.Project,
                    YesNo(target.DeploymentTarget), YesNo(target.Default), YesNo(target.Create));
            table.Write(output);
        }
        output.WriteLine();

        output.WriteLine($"files ({descriptor.Files.Count}, bundle.json not listed):");
        var files = new TextTable("PATH", "SIZE", "SHA256");
        foreach (var file in descriptor.Files)
            files.Add(file.Path, file.Size.ToString(CultureInfo.InvariantCulture), file.Sha256[..12]);
        files.Write(output);
    }

    private static string YesNo(bool value) => value ? "yes" : "no";

    internal static string FormatTime(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
