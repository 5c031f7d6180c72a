namespace DeAn06.Verification.Storage;

/// <summary>
/// A chunk of a job's records (input lines <see cref="FirstLine"/> to <see cref="LastLine"/>) claimed by
/// one worker until <see cref="Until"/>; the owner renews the lease while it works. Once the lease has
/// ended any worker may claim the chunk again.
/// </summary>
public sealed record ChunkLease(JobRecord Job, long FirstLine, long LastLine, string Owner, DateTimeOffset Until);
