using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Features.Log;

/// <summary>What an entry of the log must say, and how an action may change: pure rules, each problem with its field.</summary>
public static class LogRules
{
    /// <summary>
    /// An entry's text, and its times against the server's <paramref name="now"/>: it happened no later than now, the
    /// dashboard it rests on is not later than that, and one written more than <see cref="LogLimits.DelayNeedingReason"/>
    /// after it happened says why.
    /// </summary>
    public static List<UserError> ValidateEntry(
        string summary, string? rationale, IReadOnlyList<string>? options, string? decisionMaker, DateTime? occurredAt, string? delayReason,
        DateTime? basedOnAsOf, DateTime now)
    {
        var occurred = occurredAt ?? now;
        var errors = new List<UserError>();
        if (string.IsNullOrWhiteSpace(summary))
        {
            errors.Add(new("SUMMARY_REQUIRED", "Say in a line what was decided or learnt.", ["summary"]));
        }

        UserErrors.CheckText(errors, summary, "summary", LogLimits.SummaryMaxLength);
        UserErrors.CheckText(errors, rationale, "rationale", LogLimits.TextMaxLength, multiline: true);
        UserErrors.CheckText(errors, decisionMaker, "decisionMaker", LogLimits.NameMaxLength);
        UserErrors.CheckText(errors, delayReason, "delayReason", LogLimits.ReasonMaxLength, multiline: true);
        if (options is { Count: > LogLimits.MaxOptions })
        {
            errors.Add(new("TOO_MANY_OPTIONS", $"Give at most {LogLimits.MaxOptions} options; {options.Count} were given.", ["optionsConsidered"]));
        }
        else
        {
            for (var index = 0; index < (options?.Count ?? 0); index++)
            {
                var field = "optionsConsidered";
                if (string.IsNullOrWhiteSpace(options![index]))
                {
                    errors.Add(new("OPTION_REQUIRED", "An option weighed says what it was; leave out empty ones.", [field, UserErrors.Index(index)]));
                }

                var before = errors.Count;
                UserErrors.CheckText(errors, options[index], field, LogLimits.OptionMaxLength, multiline: true);
                for (var added = before; added < errors.Count; added++)
                {
                    errors[added] = errors[added] with { Field = [field, UserErrors.Index(index)] };
                }
            }
        }

        if (occurred > now)
        {
            errors.Add(new("OCCURRED_IN_FUTURE", $"occurredAt is {UserErrors.Instant(occurred)}, after now ({UserErrors.Instant(now)}): the log records what has happened.", ["occurredAt"]));
        }
        else if (now - occurred > LogLimits.DelayNeedingReason && string.IsNullOrWhiteSpace(delayReason))
        {
            errors.Add(new("DELAY_REASON_REQUIRED",
                $"This is written {(int)(now - occurred).TotalMinutes} minutes after it happened; say why it was not written at the time (more than {(int)LogLimits.DelayNeedingReason.TotalMinutes} minutes needs a reason).",
                ["delayReason"]));
        }

        if (basedOnAsOf > occurred)
        {
            errors.Add(new("BASED_ON_AFTER_DECISION",
                $"basedOnAsOf is {UserErrors.Instant(basedOnAsOf.Value)}, after the entry's occurredAt ({UserErrors.Instant(occurred)}): a decision rests on what could be seen when it was taken.",
                ["basedOnAsOf"]));
        }

        return errors;
    }

    /// <summary>An action's change: reopening a closed action needs a note, and so does an update that keeps its status.</summary>
    public static List<UserError> ValidateUpdate(ActionStatus current, ActionStatus next, string? note)
    {
        var errors = new List<UserError>();
        UserErrors.CheckText(errors, note, "note", LogLimits.ReasonMaxLength, multiline: true);
        var noted = !string.IsNullOrWhiteSpace(note);
        if (current != ActionStatus.Open && next == ActionStatus.Open && !noted)
        {
            errors.Add(new("NOTE_REQUIRED", $"Say why the action is reopened (it is {Name(current)}).", ["note"]));
        }
        else if (current == next && !noted)
        {
            errors.Add(new("NOTHING_CHANGED", $"The action is already {Name(current)}; send a note to add one, or another status.", ["status"]));
        }

        return errors;
    }

    public static string Name(ActionStatus status) => status.ToString().ToUpperInvariant();
}
