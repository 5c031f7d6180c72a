using System.CommandLine;

namespace DeAn06.Cli;

/// <summary>
/// An option shown only on the commands it applies to, and still taken before the command name
/// (<c>dean06 --data X report</c>, as scripts written for the older global options do): one visible
/// instance per command, plus a hidden one on the root. <see cref="DeAn06Cli"/> refuses a root-level one
/// given to a command that does not take it.
/// </summary>
internal sealed class CommandOption<T>(Func<Option<T>> create)
{
    private readonly List<Option<T>> _onCommands = [];

    /// <summary>The hidden root-level instance.</summary>
    public Option<T> Root { get; } = Hidden(create());

    public string Name => Root.Name;

    /// <summary>A visible instance for one command.</summary>
    public Option<T> For(Command command)
    {
        Option<T> option = create();
        _onCommands.Add(option);
        command.Options.Add(option);
        return option;
    }

    /// <summary>Whether the user gave it, on the command or before it.</summary>
    public bool IsExplicit(ParseResult p) => Given(p) is not null;

    /// <summary>Its value on the command, else before the command, else the default.</summary>
    public T? Value(ParseResult p) => Given(p) is { } given ? p.GetValue(given) : p.GetValue(Root);

    /// <summary>Whether the parsed command takes this option.</summary>
    public bool AppliesTo(Command command) => _onCommands.Any(o => command.Options.Contains(o));

    private Option<T>? Given(ParseResult p) =>
        _onCommands.FirstOrDefault(o => p.GetResult(o) is { Implicit: false }) ?? (p.GetResult(Root) is { Implicit: false } ? Root : null);

    private static Option<T> Hidden(Option<T> option)
    {
        option.Hidden = true;
        return option;
    }
}
