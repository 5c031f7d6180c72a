using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace DeAn06.Gateway.Signing;

/// <summary>
/// Key objects (ECDsa or RSA) over one key, lent to one caller at a time: the framework does not
/// promise that such an object is safe to use from several threads, and importing the key per
/// message would cost as much as the signature.
/// </summary>
internal sealed class KeyPool(Func<AsymmetricAlgorithm> create) : IDisposable
{
    private readonly ConcurrentBag<AsymmetricAlgorithm> _free = [];

    public Lease Rent() => new(this, _free.TryTake(out AsymmetricAlgorithm? key) ? key : create());

    public void Dispose()
    {
        while (_free.TryTake(out AsymmetricAlgorithm? key))
        {
            key.Dispose();
        }
    }

    internal readonly struct Lease(KeyPool pool, AsymmetricAlgorithm key) : IDisposable
    {
        public AsymmetricAlgorithm Key => key;

        public void Dispose() => pool._free.Add(key);
    }
}
