namespace Yilianyun.Markup;

/// <summary>What happened to an opening tag, so its closing tag does the matching thing.</summary>
internal enum TagFate
{
    Honoured,

    /// <summary>Past the 25-use limit: the tag has no effect, its content flows as plain text.</summary>
    Ignored,

    /// <summary>Not allowed here: printed literally.</summary>
    Literal,
}

/// <summary>The fate of every open layout tag, by name and nesting, so each closing tag does what its opener did.</summary>
internal sealed class TagFates
{
    private readonly Dictionary<string, Stack<TagFate>> stacks = new(StringComparer.Ordinal);

    public void Push(string name, TagFate fate)
    {
        if (!stacks.TryGetValue(name, out var stack))
        {
            stacks[name] = stack = new Stack<TagFate>();
        }

        stack.Push(fate);
    }

    /// <summary>The fate of the innermost open <paramref name="name"/>; the balancer guarantees there is one.</summary>
    public TagFate Pop(string name) => stacks[name].Pop();
}
