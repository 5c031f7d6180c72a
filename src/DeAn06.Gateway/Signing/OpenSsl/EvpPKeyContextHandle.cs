using System.Runtime.InteropServices;

namespace DeAn06.Gateway.Signing.OpenSsl;

/// <summary>An <c>EVP_PKEY_CTX*</c>, freed with <c>EVP_PKEY_CTX_free</c>; it holds its own reference to its key.</summary>
internal sealed class EvpPKeyContextHandle : SafeHandle
{
    public EvpPKeyContextHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        LibCrypto.EVP_PKEY_CTX_free(handle);
        return true;
    }
}
