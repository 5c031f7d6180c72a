using System.Collections.Immutable;

namespace DeAn06.PopulationDb.Faults;

/// <summary>The targeted rules in force, each under an id; copy-on-write, so the request path never locks.</summary>
public sealed class FaultRules
{
    /// <summary>At most this many rules at once (a script that adds rules in a loop is stopped early).</summary>
    public const int MaxRules = 1000;

    private ImmutableList<Entry> _rules = [];
    private long _next;

    /// <summary>The rules, oldest first.</summary>
    public IReadOnlyList<(string Id, FaultRule Rule)> All => [.. _rules.Select(e => (e.Id, e.Rule))];

    public int Count => _rules.Count;

    /// <summary>True when some rule looks at the numbers a call carries (the body must then be read).</summary>
    public bool AnyById => _rules.Exists(r => r.Rule.SoDinhDanh is not null);

    /// <summary>Adds a rule; null when <see cref="MaxRules"/> are already in force.</summary>
    public string? Add(FaultRule rule)
    {
        var entry = new Entry("r" + Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture), rule);
        bool added = false;
        ImmutableInterlocked.Update(ref _rules, list => (added = list.Count < MaxRules) ? list.Add(entry) : list);
        return added ? entry.Id : null;
    }

    public bool Remove(string id) =>
        ImmutableInterlocked.Update(ref _rules, list => list.RemoveAll(r => r.Id == id));

    public void Clear() => _rules = [];

    /// <summary>
    /// The oldest rule that matches the endpoint and one of the numbers, or null. A rule with
    /// <see cref="FaultRule.Times"/> counts the call, and goes once it has applied that many times.
    /// </summary>
    public (string Id, FaultRule Rule)? Match(string endpoint, IReadOnlyCollection<string> numbers)
    {
        foreach (Entry e in _rules)
        {
            if ((e.Rule.Endpoint is not null && !string.Equals(e.Rule.Endpoint, endpoint, StringComparison.OrdinalIgnoreCase)) || (e.Rule.SoDinhDanh is not null && !numbers.Contains(e.Rule.SoDinhDanh)))
            {
                continue;
            }

            if (e.Rule.Times is not null)
            {
                long left = Interlocked.Decrement(ref e.Remaining);
                if (left < 0)
                {
                    continue; // used up by concurrent calls; being removed
                }

                if (left == 0)
                {
                    Remove(e.Id);
                }
            }

            return (e.Id, e.Rule);
        }

        return null;
    }

    private sealed class Entry(string id, FaultRule rule)
    {
        public long Remaining = rule.Times ?? 0;

        public string Id { get; } = id;

        public FaultRule Rule { get; } = rule;
    }
}
