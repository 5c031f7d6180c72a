using System.Runtime.Versioning;
using System.Security.Cryptography;

namespace DeAn06.Gateway.Signing.OpenSsl;

/// <summary>
/// An RSA public key whose PKCS #1 v1.5 verification with SHA-256/384/512 runs on OpenSSL contexts
/// set up once (one per hash) instead of one per call (see <see cref="LibCrypto"/>).
/// Everything else, and any shape the fast path does not handle, goes to the framework's key.
/// </summary>
/// <remarks>
/// The answer is the framework's answer: the fast path is taken only where .NET itself would call
/// <c>EVP_PKEY_verify</c> with the same key, padding, digest and bytes (hash of the digest's length,
/// signature of the modulus' length); a result other than 1 or 0 is handed back to the framework.
/// One caller at a time (KeyPool lends it so); a concurrent caller is sent to the framework's key
/// rather than share a context.
/// </remarks>
[SupportedOSPlatform("linux")]
internal sealed class ReusedContextRsa : RSA
{
    private readonly RSAOpenSsl _inner;
    private readonly SafeEvpPKeyHandle _key;
    private readonly int _modulusBytes;
    private readonly EvpPKeyContextHandle[] _contexts;
    private int _busy;
    private bool _disposed;

    /// <summary>Takes ownership of <paramref name="inner"/> once constructed; throws (leaving it to the caller) if OpenSSL cannot serve it.</summary>
    public ReusedContextRsa(RSAOpenSsl inner)
    {
        _inner = inner;
        _key = inner.DuplicateKeyHandle();
        _modulusBytes = (inner.KeySize + 7) / 8;
        // All made now (three small allocations per pooled key object), so a library that cannot serve
        // the key fails here, where the caller falls back to the framework's key, never per request.
        _contexts = new EvpPKeyContextHandle[3];
        try
        {
            for (int slot = 0; slot < _contexts.Length; slot++)
            {
                _contexts[slot] = CreateContext(Digest(slot));
            }
        }
        catch
        {
            // The caller keeps (and falls back to) the framework's key.
            ReleaseNative();
            throw;
        }
    }

    public override int KeySize
    {
        get => _inner.KeySize;
        set => throw new NotSupportedException("The key is fixed: its OpenSSL contexts are bound to it.");
    }

    public override KeySizes[] LegalKeySizes => _inner.LegalKeySizes;

    /// <summary>How many verifications took the reused-context path (tests show the path is the one measured).</summary>
    internal long NativeVerifications { get; private set; }

    public override unsafe bool VerifyHash(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding)
    {
        int slot = Slot(hashAlgorithm, hash.Length);
        if (slot < 0 || padding != RSASignaturePadding.Pkcs1 || signature.Length != _modulusBytes || _disposed
            || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            return _inner.VerifyHash(hash, signature, hashAlgorithm, padding);
        }

        int result;
        try
        {
            EvpPKeyContextHandle context = _contexts[slot];
            fixed (byte* h = hash)
            fixed (byte* s = signature)
            {
                result = LibCrypto.EVP_PKEY_verify(context, s, (nuint)signature.Length, h, (nuint)hash.Length);
            }

            if (result != 1)
            {
                // A refused signature leaves errors on this thread's queue, where the framework's next call would find them.
                LibCrypto.ERR_clear_error();
            }

            if (result is 0 or 1)
            {
                NativeVerifications++;
            }
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }

        // 1 and 0 are OpenSSL's "valid" and "mismatch"; anything else (an error) is the framework's to answer.
        return result is 0 or 1 ? result == 1 : _inner.VerifyHash(hash, signature, hashAlgorithm, padding);
    }

    public override bool VerifyHash(byte[] hash, byte[] signature, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding)
    {
        ArgumentNullException.ThrowIfNull(hash);
        ArgumentNullException.ThrowIfNull(signature);
        return VerifyHash(hash.AsSpan(), signature.AsSpan(), hashAlgorithm, padding);
    }

    public override RSAParameters ExportParameters(bool includePrivateParameters) => _inner.ExportParameters(includePrivateParameters);

    public override void ImportParameters(RSAParameters parameters) =>
        throw new NotSupportedException("The key is fixed: its OpenSSL contexts are bound to it.");

    public override byte[] Encrypt(byte[] data, RSAEncryptionPadding padding) => _inner.Encrypt(data, padding);

    public override byte[] Decrypt(byte[] data, RSAEncryptionPadding padding) => _inner.Decrypt(data, padding);

    public override byte[] SignHash(byte[] hash, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding) => _inner.SignHash(hash, hashAlgorithm, padding);

    public override bool TrySignHash(ReadOnlySpan<byte> hash, Span<byte> destination, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding, out int bytesWritten) =>
        _inner.TrySignHash(hash, destination, hashAlgorithm, padding, out bytesWritten);

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            ReleaseNative();
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void ReleaseNative()
    {
        foreach (EvpPKeyContextHandle? context in _contexts)
        {
            context?.Dispose();
        }

        _key.Dispose();
    }

    private static int Slot(HashAlgorithmName hashAlgorithm, int hashLength) =>
        hashAlgorithm == HashAlgorithmName.SHA256 && hashLength == SHA256.HashSizeInBytes ? 0
        : hashAlgorithm == HashAlgorithmName.SHA384 && hashLength == SHA384.HashSizeInBytes ? 1
        : hashAlgorithm == HashAlgorithmName.SHA512 && hashLength == SHA512.HashSizeInBytes ? 2
        : -1;

    private static IntPtr Digest(int slot) => slot switch
    {
        0 => LibCrypto.EVP_sha256(),
        1 => LibCrypto.EVP_sha384(),
        _ => LibCrypto.EVP_sha512(),
    };

    private EvpPKeyContextHandle CreateContext(IntPtr digest)
    {
        EvpPKeyContextHandle context = LibCrypto.EVP_PKEY_CTX_new_from_pkey(IntPtr.Zero, _key, IntPtr.Zero);
        if (context.IsInvalid || digest == IntPtr.Zero
            || LibCrypto.EVP_PKEY_verify_init(context) != 1
            || LibCrypto.EVP_PKEY_CTX_set_rsa_padding(context, LibCrypto.RsaPkcs1Padding) != 1
            || LibCrypto.EVP_PKEY_CTX_set_signature_md(context, digest) != 1)
        {
            context.Dispose();
            LibCrypto.ERR_clear_error();
            throw new CryptographicException("OpenSSL could not set up an RSA verification context.");
        }

        return context;
    }
}
