using System.Collections.Immutable;

namespace DeAn06.PopulationDb.Faults;

/// <summary>The targeted rules in force, each under an id; copy-on-write, so the request path never locks.</summary>
public sealed class FaultRules
{
    /// <summary>At most this many rules at once (a script that adds rules in a loop is stopped early).</summary>
    public const int MaxRules = 1000;

    private ImmutableList<(string Id, FaultRule Rule)> _rules = [];
    private long _next;

    /// <summary>The rules, oldest first.</summary>
    public IReadOnlyList<(string Id, FaultRule Rule)> All => _rules;

    /// <summary>True when some rule looks at the numbers a call carries (the body must then be read).</summary>
    public bool AnyById => _rules.Exists(r => r.Rule.SoDinhDanh is not null);

    /// <summary>Adds a rule; null when <see cref="MaxRules"/> are already in force.</summary>
    public string? Add(FaultRule rule)
    {
        string id = "r" + Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture);
        ImmutableList<(string, FaultRule)> before, after;
        do
        {
            before = _rules;
            if (before.Count >= MaxRules)
            {
                return null;
            }

            after = before.Add((id, rule));
        }
        while (Interlocked.CompareExchange(ref _rules, after, before) != before);
        return id;
    }

    public bool Remove(string id) =>
        ImmutableInterlocked.Update(ref _rules, list => list.RemoveAll(r => r.Id == id));

    public void Clear() => _rules = [];

    /// <summary>The first rule (oldest) that matches the endpoint and one of the numbers, or null.</summary>
    public (string Id, FaultRule Rule)? Match(string endpoint, IReadOnlyCollection<string> numbers)
    {
        foreach ((string id, FaultRule rule) in _rules)
        {
            if ((rule.Endpoint is null || rule.Endpoint == endpoint) && (rule.SoDinhDanh is null || numbers.Contains(rule.SoDinhDanh)))
            {
                return (id, rule);
            }
        }

        return null;
    }
}
