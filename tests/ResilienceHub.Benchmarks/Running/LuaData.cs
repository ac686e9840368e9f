using System.Globalization;
using System.Text;

namespace ResilienceHub.Benchmarks.Running;

/// <summary>Writes a scenario's data as a Lua file the wrk script loads: strings in long brackets, so JSON needs no escaping.</summary>
internal sealed class LuaData
{
    private readonly StringBuilder _text = new("-- Written by the benchmark driver for one scenario.\n");

    public LuaData Set(string name, string value)
    {
        _text.Append(name).Append(" = ").Append(Long(value)).Append('\n');
        return this;
    }

    public LuaData Set(string name, IEnumerable<string> values)
    {
        _text.Append(name).Append(" = {\n");
        foreach (var value in values)
        {
            _text.Append("  ").Append(Long(value)).Append(",\n");
        }

        _text.Append("}\n");
        return this;
    }

    public LuaData Set(string name, IEnumerable<IReadOnlyList<string>> rows)
    {
        _text.Append(name).Append(" = {\n");
        foreach (var row in rows)
        {
            _text.Append("  { ").AppendJoin(", ", row.Select(Long)).Append(" },\n");
        }

        _text.Append("}\n");
        return this;
    }

    public void WriteTo(string path) => File.WriteAllText(path, _text.ToString());

    private static string Long(string value) =>
        value.Contains("]==]", StringComparison.Ordinal)
            ? throw new ArgumentException("The value closes a Lua long bracket.", nameof(value))
            : string.Create(CultureInfo.InvariantCulture, $"[==[{value}]==]");
}
