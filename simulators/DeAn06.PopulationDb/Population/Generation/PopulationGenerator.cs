using DeAn06.PopulationDb.Population.Indexing;

namespace DeAn06.PopulationDb.Population.Generation;

/// <summary>
/// Generates a deterministic synthetic population from (seed, size, reference date).
/// </summary>
/// <remarks>
/// The population is built household by household in fixed chunks of 65,536 citizens, each chunk
/// with its own random stream derived from (seed, chunk number). Chunks run in parallel, and the
/// result does not depend on how many threads ran them. IDs and CMND numbers are then made unique
/// in one sequential pass that redraws a clash from a stream derived from (seed, citizen index).
/// </remarks>
public static class PopulationGenerator
{
    internal const int ChunkSize = 1 << 16;

    /// <summary>Builds the population and all its indexes.</summary>
    public static CitizenStore Generate(ulong seed, int size, DateOnly referenceDate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        var store = new CitizenStore(size, seed, referenceDate);
        var model = new HouseholdModel(seed, referenceDate);
        int chunks = (size + ChunkSize - 1) / ChunkSize;
        Parallel.For(0, chunks, chunk =>
        {
            int start = chunk * ChunkSize;
            model.FillChunk(store, chunk, start, Math.Min(start + ChunkSize, size));
        });

        MakeIdentifiersUnique(store);
        store.Demographics = DemographicIndex.Build(store);
        return store;
    }

    private static void MakeIdentifiersUnique(CitizenStore store)
    {
        for (int i = 0; i < store.Count; i++)
        {
            long id = store.Ids[i];
            for (ulong attempt = 1; !store.IdIndex.TryAdd(id, i); attempt++)
            {
                // Keep the meaningful prefix (province, century/gender, year); redraw the random part.
                var rng = Rng.For(store.Seed, (ulong)i, attempt);
                id = id / 1_000_000 * 1_000_000 + rng.Next(1_000_000);
                store.Ids[i] = id;
            }

            int cmnd = store.Cmnds[i];
            if (cmnd == 0)
            {
                continue;
            }

            for (ulong attempt = 1; !store.CmndIndex.TryAdd(cmnd, i); attempt++)
            {
                var rng = Rng.For(store.Seed ^ 0xC3D, (ulong)i, attempt);
                cmnd = HouseholdModel.DrawCmnd(ref rng);
                store.Cmnds[i] = cmnd;
            }
        }
    }
}
