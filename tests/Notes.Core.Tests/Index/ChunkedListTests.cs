using Notes.Core.Index;

namespace Notes.Core.Tests.Index;

public class ChunkedListTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomOperationsMatchAPlainList(int seed)
    {
        var random = new Random(seed);
        var expected = Enumerable.Range(0, random.Next(0, 1500)).ToList();
        var list = ChunkedList<int>.From(expected);
        var older = list;
        var olderExpected = expected.ToList();
        for (int step = 0; step < 3000; step++)
        {
            int op = random.Next(3);
            if (op == 0 || expected.Count == 0)
            {
                expected.Add(step + 10_000);
                list = list.Add(step + 10_000);
            }
            else if (op == 1)
            {
                int i = random.Next(expected.Count);
                expected[i] = -step;
                list = list.SetItem(i, -step);
            }
            else
            {
                expected.RemoveAt(expected.Count - 1);
                list = list.RemoveLast();
            }
            Assert.Equal(expected.Count, list.Count);
            if (step % 100 == 0) Assert.Equal(expected, list);
        }
        Assert.Equal(expected, list);
        Assert.Equal(expected[^1], list[list.Count - 1]);
        Assert.Equal(olderExpected, older); // earlier versions are untouched
        Assert.Throws<ArgumentOutOfRangeException>(() => list[list.Count]);
        Assert.Throws<InvalidOperationException>(() => ChunkedList<int>.Empty.RemoveLast());
    }
}
