namespace DeAn06.Matching.Ids;

/// <summary>What kind of identifier a sector record carries.</summary>
public enum IdKind : byte
{
    /// <summary>No identifier at all.</summary>
    Missing = 0,

    /// <summary>A 12-digit personal ID number (số định danh cá nhân / CCCD).</summary>
    PersonalId = 1,

    /// <summary>An old 9-digit identity-card number (CMND).</summary>
    Cmnd = 2,

    /// <summary>Something that is neither.</summary>
    Invalid = 3,
}
