namespace DeAn06.PopulationDb.Population;

/// <summary>Relationship to the household head (QuanHe of ChuHo).</summary>
internal enum Relation : byte
{
    Head = 0,
    Wife = 1,
    Husband = 2,
    Child = 3,
    Father = 4,
    Mother = 5,
    Grandchild = 6,
}
