using System.Runtime.CompilerServices;
using Notes.Lsp.Stdio;

namespace Notes.Lsp.Server.Tests.Harness;

/// <summary>
/// The servers this test run starts in process on a real disk keep their index caches in the temp folder, not in the
/// user's cache folder (the same folder <see cref="LspProcess"/> gives the servers it spawns).
/// </summary>
internal static class TestCaches
{
    [ModuleInitializer]
    internal static void UseTheTempFolder() => Environment.SetEnvironmentVariable("NOTES_LSP_CACHE_DIR", LspProcess.TestCacheFolder);
}
