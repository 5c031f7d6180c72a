namespace DeAn06.Matching.Genders;

/// <summary>How a source writes gender as a digit.</summary>
public enum GenderCoding : byte
{
    /// <summary>QCVN 109: 1 Nam, 2 Nữ, 0 not recorded.</summary>
    Qcvn = 0,

    /// <summary>Boolean-style systems: 1 male, 0 female.</summary>
    OneZero = 1,
}
