using System.Formats.Asn1;

namespace DeAn06.Gateway.Tests.Support;

/// <summary>Edits a captured CMS SignedData the way an attacker would: only unsigned parts change.</summary>
internal static class CmsSurgery
{
    private static readonly Asn1Tag Context0 = new(TagClass.ContextSpecific, 0, isConstructed: true);

    /// <summary>The same signature with <paramref name="content"/> inserted as eContent.</summary>
    public static byte[] EmbedContent(byte[] cms, byte[] content) => Rewrite(cms, (w, field, encoded) =>
    {
        if (field != 2)
        {
            return false;
        }

        using (w.PushSequence())
        {
            w.WriteObjectIdentifier("1.2.840.113549.1.7.1");
            using (w.PushSequence(Context0))
            {
                w.WriteOctetString(content);
            }
        }

        return true;
    });

    /// <summary><paramref name="cms"/> with the signer infos (and certificates) of <paramref name="other"/> added.</summary>
    public static byte[] AddSigners(byte[] cms, byte[] other)
    {
        List<ReadOnlyMemory<byte>> theirs = Fields(other);
        int count = Fields(cms).Count;
        return Rewrite(cms, (w, field, encoded) =>
        {
            bool signerInfos = field == count - 1;
            bool certificates = field == 3 && !signerInfos;
            if (!signerInfos && !certificates)
            {
                return false;
            }

            ReadOnlyMemory<byte> extra = signerInfos ? theirs[^1] : theirs[3];
            Asn1Tag? tag = certificates ? Context0 : null;
            using (w.PushSetOf(tag))
            {
                foreach (ReadOnlyMemory<byte> set in new[] { encoded, extra })
                {
                    AsnReader items = new AsnReader(set, AsnEncodingRules.DER).ReadSetOf(skipSortOrderValidation: true, expectedTag: tag);
                    while (items.HasData)
                    {
                        w.WriteEncodedValue(items.ReadEncodedValue().Span);
                    }
                }
            }

            return true;
        });
    }

    /// <summary>SignedData's fields: version, digestAlgorithms, encapContentInfo, certificates, signerInfos (when present, in that order).</summary>
    private static List<ReadOnlyMemory<byte>> Fields(byte[] cms)
    {
        AsnReader contentInfo = new AsnReader(cms, AsnEncodingRules.DER).ReadSequence();
        contentInfo.ReadObjectIdentifier();
        AsnReader signedData = contentInfo.ReadSequence(Context0).ReadSequence();
        List<ReadOnlyMemory<byte>> fields = [];
        while (signedData.HasData)
        {
            fields.Add(signedData.ReadEncodedValue());
        }

        return fields;
    }

    private static byte[] Rewrite(byte[] cms, Func<AsnWriter, int, ReadOnlyMemory<byte>, bool> edit)
    {
        List<ReadOnlyMemory<byte>> fields = Fields(cms);
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            w.WriteObjectIdentifier("1.2.840.113549.1.7.2");
            using (w.PushSequence(Context0))
            using (w.PushSequence())
            {
                for (int i = 0; i < fields.Count; i++)
                {
                    if (!edit(w, i, fields[i]))
                    {
                        w.WriteEncodedValue(fields[i].Span);
                    }
                }
            }
        }

        return w.Encode();
    }
}
