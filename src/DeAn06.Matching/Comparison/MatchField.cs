namespace DeAn06.Matching.Comparison;

/// <summary>The fields compared; a set of them names what differs.</summary>
[Flags]
public enum MatchField : byte
{
    None = 0,
    Name = 1,
    BirthDate = 2,
    Gender = 4,
    Cmnd = 8,
}
