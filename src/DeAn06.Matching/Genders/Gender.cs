namespace DeAn06.Matching.Genders;

/// <summary>A citizen's gender as recorded; <see cref="Unknown"/> when absent or unreadable.</summary>
public enum Gender : byte
{
    Unknown = 0,
    Male = 1,
    Female = 2,
}
