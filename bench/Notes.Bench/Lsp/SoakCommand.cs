namespace Notes.Bench.Lsp;
public static class SoakCommand
{
    public static Task<int> RunAsync(BenchOptions o) => Task.FromResult(o.Minutes > 0 ? 0 : 1);
}
