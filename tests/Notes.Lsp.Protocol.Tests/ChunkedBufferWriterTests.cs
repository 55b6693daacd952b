using System.Buffers;
using System.Text;
using System.Text.Json;
using Notes.Lsp.Protocol.JsonRpc;
using Xunit;

namespace Notes.Lsp.Protocol.Tests;

/// <summary>Responses are buffered in chunks below the large-object threshold; the bytes must come out exactly as written.</summary>
public class ChunkedBufferWriterTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 10)]
    [InlineData(7_000, 40)]        // a references answer: many small objects across many chunks
    [InlineData(3, 100_000)]       // strings longer than a chunk: a chunk of their own
    [InlineData(500, 16_384)]      // values the size of a chunk
    public void JsonWrittenInChunksIsTheJsonWrittenInOneArray(int items, int stringLength)
    {
        var random = new Random(items * 31 + stringLength);
        var text = new string([.. Enumerable.Range(0, stringLength).Select(_ => "aé😀\"\\\n"[random.Next(6)])]);

        void Write(Utf8JsonWriter w)
        {
            w.WriteStartArray();
            for (int i = 0; i < items; i++)
            {
                w.WriteStartObject();
                w.WriteNumber("line", i);
                w.WriteString("uri", "file:///vault/note-" + i + ".md");
                if (i % 97 == 0) w.WriteString("text", text);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }

        var reference = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(reference)) Write(w);
        using var chunked = new ChunkedBufferWriter();
        using (var w = new Utf8JsonWriter(chunked)) Write(w);

        Assert.Equal(reference.WrittenCount, chunked.WrittenCount);
        Assert.Equal(reference.WrittenSpan.ToArray(), chunked.ToArray());
        var copied = new ArrayBufferWriter<byte>();
        chunked.CopyTo(copied);
        Assert.Equal(reference.WrittenSpan.ToArray(), copied.WrittenSpan.ToArray());
    }

    [Fact]
    public void NoChunkIsLargeEnoughForTheLargeObjectHeapUnlessOneValueIs()
    {
        using var chunked = new ChunkedBufferWriter();
        for (int i = 0; i < 100_000; i++)
        {
            var span = chunked.GetSpan(10);
            Assert.True(span.Length < 85_000);
            Encoding.ASCII.GetBytes("0123456789", span);
            chunked.Advance(10);
        }
        Assert.Equal(1_000_000, chunked.WrittenCount);
        Assert.True(chunked.GetSpan(200_000).Length >= 200_000);
    }

    [Fact]
    public void AdvancingPastTheSpanIsRefused()
    {
        using var chunked = new ChunkedBufferWriter();
        var length = chunked.GetSpan().Length;
        Assert.Throws<ArgumentOutOfRangeException>(() => chunked.Advance(length + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => chunked.Advance(-1));
    }
}
