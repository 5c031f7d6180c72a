using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace DeAn06.Gateway.Signing;

/// <summary>
/// ECDsa instances over one key, lent to one caller at a time: the framework does not promise that
/// an <see cref="ECDsa"/> object is safe to use from several threads, and importing the key per
/// message would cost as much as the signature.
/// </summary>
internal sealed class KeyPool(Func<ECDsa> create) : IDisposable
{
    private readonly ConcurrentBag<ECDsa> _free = [];

    public Lease Rent() => new(this, _free.TryTake(out ECDsa? key) ? key : create());

    public void Dispose()
    {
        while (_free.TryTake(out ECDsa? key))
        {
            key.Dispose();
        }
    }

    internal readonly struct Lease(KeyPool pool, ECDsa key) : IDisposable
    {
        public ECDsa Key => key;

        public void Dispose() => pool._free.Add(key);
    }
}
