namespace Yilianyun.Markup;

internal enum TokenKind
{
    Text,
    Newline,
    Open,
    Close,

    /// <summary>A payload tag with its argument already extracted (see <see cref="TagRole.Payload"/>).</summary>
    Payload,
}

/// <param name="Name">Tag name for Open/Close/Payload.</param>
/// <param name="Value">Text for Text tokens, the argument for Payload tokens, the literal source for Open/Close.</param>
internal sealed record Token(TokenKind Kind, string Name, string Value)
{
    public static readonly Token Newline = new(TokenKind.Newline, "", "\n");

    public static Token Text(string value) => new(TokenKind.Text, "", value);
}

/// <summary>Splits markup into text, newlines and known tags. Unknown tags become text (the printer prints them).</summary>
internal static class MarkupTokenizer
{
    private const int MaxTagNameLength = 16;

    public static List<Token> Tokenize(string content, MarkupWarnings warnings)
    {
        var tokens = new List<Token>();
        var text = new StringBuilder();
        var atLineStart = true;
        var inEnlargedLine = false;

        void FlushText()
        {
            if (text.Length > 0)
            {
                tokens.Add(Token.Text(text.ToString()));
                text.Clear();
            }
        }

        var i = 0;
        while (i < content.Length)
        {
            var c = content[i];
            if (c is '\r' or '\n')
            {
                FlushText();
                if (inEnlargedLine)
                {
                    tokens.Add(new Token(TokenKind.Close, MarkupTags.EnlargedLine, ""));
                    inEnlargedLine = false;
                }

                tokens.Add(Token.Newline);
                i += c == '\r' && i + 1 < content.Length && content[i + 1] == '\n' ? 2 : 1;
                atLineStart = true;
                continue;
            }

            if (atLineStart && content.AsSpan(i).StartsWith(MarkupTags.EnlargedLine, StringComparison.Ordinal))
            {
                tokens.Add(new Token(TokenKind.Open, MarkupTags.EnlargedLine, ""));
                inEnlargedLine = true;
                atLineStart = false;
                i += MarkupTags.EnlargedLine.Length;
                continue;
            }

            atLineStart = false;
            if (c != '<' || !TryReadTag(content, i, out var name, out var closing, out var length))
            {
                text.Append(c);
                i++;
                continue;
            }

            var literal = content.Substring(i, length);
            if (!MarkupTags.TryGetRole(name, out var role))
            {
                warnings.UnknownTag(name);
                text.Append(literal);
                i += length;
                continue;
            }

            if (role != TagRole.Payload)
            {
                FlushText();
                tokens.Add(new Token(closing ? TokenKind.Close : TokenKind.Open, name, literal));
                i += length;
                continue;
            }

            var end = closing ? -1 : content.IndexOf("</" + name + ">", i + length, StringComparison.Ordinal);
            if (end >= 0)
            {
                FlushText();
                tokens.Add(new Token(TokenKind.Payload, name, content[(i + length)..end]));
                i = end + name.Length + 3;
            }
            else if (!closing && MarkupTags.MayStandAlone(name))
            {
                FlushText();
                tokens.Add(new Token(TokenKind.Payload, name, ""));
                i += length;
            }
            else
            {
                warnings.Unbalanced(literal, name);
                text.Append(literal);
                i += length;
            }
        }

        FlushText();
        if (inEnlargedLine)
        {
            tokens.Add(new Token(TokenKind.Close, MarkupTags.EnlargedLine, ""));
        }

        return tokens;
    }

    /// <summary>Reads <c>&lt;name&gt;</c> or <c>&lt;/name&gt;</c> at <paramref name="start"/>; names are a letter then
    /// letters, digits or underscores.</summary>
    private static bool TryReadTag(string content, int start, out string name, out bool closing, out int length)
    {
        name = "";
        length = 0;
        var i = start + 1;
        closing = i < content.Length && content[i] == '/';
        if (closing)
        {
            i++;
        }

        var nameStart = i;
        if (i >= content.Length || !char.IsAsciiLetter(content[i]))
        {
            return false;
        }

        while (i < content.Length && (char.IsAsciiLetterOrDigit(content[i]) || content[i] == '_') && i - nameStart < MaxTagNameLength)
        {
            i++;
        }

        if (i >= content.Length || content[i] != '>')
        {
            return false;
        }

        name = content[nameStart..i];
        length = i + 1 - start;
        return true;
    }
}

/// <summary>
/// Pairs opening and closing tags. A closing tag closes the nearest open tag of the same name; tags left open
/// inside it, and closing tags with no opener, turn back into literal text with a warning.
/// </summary>
internal static class MarkupBalancer
{
    public static List<Token> Balance(List<Token> tokens, MarkupWarnings warnings)
    {
        var result = new List<Token>(tokens);
        var open = new List<int>();
        for (var i = 0; i < result.Count; i++)
        {
            var token = result[i];
            // "@@2" is opened and closed by the tokenizer itself and may straddle other tags.
            if (token.Name == MarkupTags.EnlargedLine)
            {
                continue;
            }

            if (token.Kind == TokenKind.Open)
            {
                open.Add(i);
            }
            else if (token.Kind == TokenKind.Close)
            {
                var match = open.FindLastIndex(index => result[index].Name == token.Name);
                if (match < 0)
                {
                    MakeLiteral(result, i, warnings);
                    continue;
                }

                for (var k = open.Count - 1; k > match; k--)
                {
                    MakeLiteral(result, open[k], warnings);
                }

                open.RemoveRange(match, open.Count - match);
            }
        }

        foreach (var index in open)
        {
            MakeLiteral(result, index, warnings);
        }

        return result;
    }

    private static void MakeLiteral(List<Token> tokens, int index, MarkupWarnings warnings)
    {
        warnings.Unbalanced(tokens[index].Value, tokens[index].Name);
        tokens[index] = Token.Text(tokens[index].Value);
    }
}
