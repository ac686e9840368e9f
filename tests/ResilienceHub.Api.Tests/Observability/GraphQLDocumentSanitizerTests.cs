using ResilienceHub.Api.Observability;

namespace ResilienceHub.Api.Tests.Observability;

public class GraphQLDocumentSanitizerTests
{
    [Theory]
    [InlineData("{ organisation(odsCode: \"RNN\") { name } }", "{ organisation ( odsCode : \"\" ) { name } }")]
    [InlineData("query Q($id: ID!) { incident(id: $id) { reference } }", "query Q ( $id : ID ! ) { incident ( id : $id ) { reference } }")]
    [InlineData("{ a(n: 42, f: 1.5e3, b: true, e: ACUTE_TRUST, s: \"\"\"block\nsecret\"\"\") }", "{ a ( n : 0 f : 0.0 b : true e : ACUTE_TRUST s : \"\" ) }")]
    [InlineData("# reporter: Dr Example\n{ x @include(if: true) }", "{ x @include ( if : true ) }")]
    public void LiteralsAndCommentsAreBlankedAndTheShapeKept(string document, string sanitised)
    {
        Assert.Equal(sanitised, GraphQLDocumentSanitizer.Sanitize(document));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("{ a(s: \"unterminated secret) }")]
    public void AMissingOrUnreadableDocumentIsRecordedAsNothing(string? document)
    {
        Assert.Null(GraphQLDocumentSanitizer.Sanitize(document));
    }
}
