using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ResilienceHub.Api.Tests.Infrastructure;

/// <summary>Records the SQL commands the API sends; <see cref="ApiFactory"/> installs one per API.</summary>
public sealed class SqlCommandLog : DbCommandInterceptor
{
    private readonly List<string> _commands = [];

    public IReadOnlyList<string> Commands
    {
        get
        {
            lock (_commands)
            {
                return [.. _commands];
            }
        }
    }

    public void Clear()
    {
        lock (_commands)
        {
            _commands.Clear();
        }
    }

    public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
    {
        lock (_commands)
        {
            _commands.Add(result.CommandText);
        }

        return result;
    }
}
