using System.Text;
using GraphQLParser;
using GraphQLParser.Exceptions;

namespace ResilienceHub.Api.Observability;

/// <summary>
/// Makes a GraphQL document safe to record on a span: every literal value (string, number) becomes a
/// placeholder and comments go, so only the shape of the operation remains. Variables are never recorded.
/// </summary>
public static class GraphQLDocumentSanitizer
{
    public static string? Sanitize(string? document)
    {
        if (string.IsNullOrWhiteSpace(document))
        {
            return null;
        }

        var text = new StringBuilder(document.Length);
        var previous = TokenKind.UNKNOWN;
        try
        {
            for (var token = Lexer.Lex(document); token.Kind != TokenKind.EOF; token = Lexer.Lex(document, token.End))
            {
                if (token.Kind == TokenKind.COMMENT)
                {
                    continue;
                }

                // One space between tokens keeps names apart; none after '$' and '@', which prefix a name.
                if (text.Length > 0 && previous is not (TokenKind.DOLLAR or TokenKind.AT))
                {
                    text.Append(' ');
                }

                _ = token.Kind switch
                {
                    TokenKind.STRING => text.Append("\"\""),
                    TokenKind.INT => text.Append('0'),
                    TokenKind.FLOAT => text.Append("0.0"),
                    _ => text.Append(document, token.Start, token.End - token.Start),
                };
                previous = token.Kind;
            }
        }
        catch (GraphQLParserException)
        {
            // A document that does not lex is recorded as nothing rather than as raw text.
            return null;
        }

        return text.ToString();
    }
}
