using System.Formats.Asn1;
using System.Runtime.Versioning;
using System.Security.Cryptography;

namespace DeAn06.Gateway.Signing.OpenSsl;

/// <summary>
/// An ECDSA private key whose hash signing runs on one OpenSSL context set up once instead of one per
/// call (see <see cref="LibCrypto"/>); verification, export and anything the fast path cannot do go to
/// the framework's key.
/// </summary>
/// <remarks>
/// OpenSSL draws a fresh k for every <c>EVP_PKEY_sign</c>, as it does for .NET's own call. It writes
/// DER (SEQUENCE of r and s); IEEE P1363 is made from that here. One caller at a time (KeyPool lends
/// it so); a concurrent caller is sent to the framework's key rather than share the context.
/// </remarks>
[SupportedOSPlatform("linux")]
internal sealed class ReusedContextEcdsa : ECDsa
{
    // SEQUENCE { INTEGER r, INTEGER s } for fields up to 66 bytes (P-521): 2 + 2 × (2 + 67) + 3 bytes of long-form lengths.
    private const int MaxDerSignature = 144;

    private readonly ECDsaOpenSsl _inner;
    private readonly SafeEvpPKeyHandle _key;
    private readonly EvpPKeyContextHandle _context;
    private readonly int _fieldBytes;
    private int _busy;
    private bool _disposed;

    /// <summary>Takes ownership of <paramref name="inner"/> once constructed; throws (leaving it to the caller) if OpenSSL cannot serve it.</summary>
    public ReusedContextEcdsa(ECDsaOpenSsl inner)
    {
        _inner = inner;
        _fieldBytes = (inner.KeySize + 7) / 8;
        _key = inner.DuplicateKeyHandle();
        _context = LibCrypto.EVP_PKEY_CTX_new_from_pkey(IntPtr.Zero, _key, IntPtr.Zero);
        if (_context.IsInvalid || _fieldBytes > 66 || LibCrypto.EVP_PKEY_sign_init(_context) != 1)
        {
            _context.Dispose();
            _key.Dispose();
            LibCrypto.ERR_clear_error();
            throw new CryptographicException("OpenSSL could not set up an ECDSA signing context.");
        }
    }

    public override int KeySize
    {
        get => _inner.KeySize;
        set => throw new NotSupportedException("The key is fixed: its OpenSSL context is bound to it.");
    }

    public override KeySizes[] LegalKeySizes => _inner.LegalKeySizes;

    /// <summary>How many signatures took the reused-context path (tests show the path is the one measured).</summary>
    internal long NativeSignatures { get; private set; }

    protected override unsafe bool TrySignHashCore(ReadOnlySpan<byte> hash, Span<byte> destination, DSASignatureFormat signatureFormat, out int bytesWritten)
    {
        if (_disposed || signatureFormat is not (DSASignatureFormat.Rfc3279DerSequence or DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            return _inner.TrySignHash(hash, destination, signatureFormat, out bytesWritten);
        }

        Span<byte> der = stackalloc byte[MaxDerSignature];
        nuint length = (nuint)der.Length;
        int result;
        try
        {
            fixed (byte* h = hash)
            fixed (byte* d = der)
            {
                result = LibCrypto.EVP_PKEY_sign(_context, d, ref length, h, (nuint)hash.Length);
            }

            if (result != 1)
            {
                LibCrypto.ERR_clear_error();
            }
            else
            {
                NativeSignatures++;
            }
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }

        if (result != 1 || length > (nuint)der.Length)
        {
            return _inner.TrySignHash(hash, destination, signatureFormat, out bytesWritten);
        }

        der = der[..(int)length];
        return signatureFormat == DSASignatureFormat.Rfc3279DerSequence
            ? TryCopy(der, destination, out bytesWritten)
            : TryWriteP1363(der, destination, out bytesWritten);
    }

    public override byte[] SignHash(byte[] hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        return SignHash(hash.AsSpan(), DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    protected override byte[] SignHashCore(ReadOnlySpan<byte> hash, DSASignatureFormat signatureFormat)
    {
        Span<byte> signature = stackalloc byte[MaxDerSignature];
        return TrySignHashCore(hash, signature, signatureFormat, out int written)
            ? signature[..written].ToArray()
            : throw new CryptographicException("The signature did not fit its maximum size.");
    }

    public override bool VerifyHash(byte[] hash, byte[] signature) => _inner.VerifyHash(hash, signature);

    protected override bool VerifyHashCore(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature, DSASignatureFormat signatureFormat) =>
        _inner.VerifyHash(hash, signature, signatureFormat);

    public override ECParameters ExportParameters(bool includePrivateParameters) => _inner.ExportParameters(includePrivateParameters);

    public override ECParameters ExportExplicitParameters(bool includePrivateParameters) => _inner.ExportExplicitParameters(includePrivateParameters);

    public override void ImportParameters(ECParameters parameters) =>
        throw new NotSupportedException("The key is fixed: its OpenSSL context is bound to it.");

    public override void GenerateKey(ECCurve curve) =>
        throw new NotSupportedException("The key is fixed: its OpenSSL context is bound to it.");

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _context.Dispose();
            _key.Dispose();
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private static bool TryCopy(ReadOnlySpan<byte> der, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = der.TryCopyTo(destination) ? der.Length : 0;
        return bytesWritten != 0;
    }

    /// <summary>r and s as two big-endian fields of the curve's size, as the framework writes them.</summary>
    private bool TryWriteP1363(ReadOnlySpan<byte> der, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < 2 * _fieldBytes)
        {
            return false;
        }

        AsnDecoder.ReadSequence(der, AsnEncodingRules.DER, out int offset, out int length, out int consumed);
        if (consumed != der.Length)
        {
            throw new CryptographicException("OpenSSL wrote an ECDSA signature with trailing bytes.");
        }

        ReadOnlySpan<byte> content = der.Slice(offset, length);
        ReadOnlySpan<byte> r = AsnDecoder.ReadIntegerBytes(content, AsnEncodingRules.DER, out int rLength);
        ReadOnlySpan<byte> s = AsnDecoder.ReadIntegerBytes(content[rLength..], AsnEncodingRules.DER, out int sLength);
        if (rLength + sLength != content.Length)
        {
            throw new CryptographicException("OpenSSL wrote an ECDSA signature with trailing bytes.");
        }

        WriteField(r, destination[.._fieldBytes]);
        WriteField(s, destination.Slice(_fieldBytes, _fieldBytes));
        bytesWritten = 2 * _fieldBytes;
        return true;
    }

    /// <summary>A positive DER INTEGER (a leading 0x00 only where the top bit is set) right-aligned in <paramref name="field"/>.</summary>
    private static void WriteField(ReadOnlySpan<byte> integer, Span<byte> field)
    {
        bool negative = (integer[0] & 0x80) != 0;
        if (integer.Length > 1 && integer[0] == 0)
        {
            integer = integer[1..];
        }

        if (negative || integer.Length > field.Length)
        {
            throw new CryptographicException("OpenSSL wrote an ECDSA signature value out of range.");
        }

        field[..^integer.Length].Clear();
        integer.CopyTo(field[^integer.Length..]);
    }
}
