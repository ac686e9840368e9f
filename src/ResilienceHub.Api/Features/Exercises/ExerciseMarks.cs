namespace ResilienceHub.Api.Features.Exercises;

/// <summary>How an exercise is told from a live incident wherever it is seen or sent.</summary>
public static class ExerciseMarks
{
    /// <summary>The agreed codeword: leads every notification of an exercise and the first line of its downloads, and the screen's banner.</summary>
    public const string Codeword = "EXERCISE EXERCISE EXERCISE";
}
