/*
 * wincrypt.h, the part the Linux WinHTTP implementation needs: the
 * certificate context WinHttpQueryOption(WINHTTP_OPTION_SERVER_CERT_CONTEXT)
 * returns, and CertFreeCertificateContext, which libwinhttp.so exports to
 * release it.
 *
 * Written for this project from Microsoft's published API reference: names,
 * values and layouts are Windows' (tests/abi/check-abi.sh checks the layouts
 * against mingw-w64's), the text is our own.
 */
#ifndef WINHTTP_WINCRYPT_H
#define WINHTTP_WINCRYPT_H

#include "winhttp_base.h"

#ifdef __cplusplus
extern "C" {
#endif

#define X509_ASN_ENCODING 0x00000001
#define PKCS_7_ASN_ENCODING 0x00010000

#define CERT_V1 0
#define CERT_V2 1
#define CERT_V3 2

typedef void *HCERTSTORE;

typedef struct _CRYPTOAPI_BLOB {
    DWORD cbData;
    BYTE *pbData;
} CRYPT_INTEGER_BLOB, *PCRYPT_INTEGER_BLOB, CRYPT_OBJID_BLOB, *PCRYPT_OBJID_BLOB,
    CERT_NAME_BLOB, *PCERT_NAME_BLOB, CRYPT_DATA_BLOB, *PCRYPT_DATA_BLOB;

typedef struct _CRYPT_ALGORITHM_IDENTIFIER {
    LPSTR pszObjId;
    CRYPT_OBJID_BLOB Parameters;
} CRYPT_ALGORITHM_IDENTIFIER, *PCRYPT_ALGORITHM_IDENTIFIER;

typedef struct _CRYPT_BIT_BLOB {
    DWORD cbData;
    BYTE *pbData;
    DWORD cUnusedBits;
} CRYPT_BIT_BLOB, *PCRYPT_BIT_BLOB;

typedef struct _CERT_PUBLIC_KEY_INFO {
    CRYPT_ALGORITHM_IDENTIFIER Algorithm;
    CRYPT_BIT_BLOB PublicKey;
} CERT_PUBLIC_KEY_INFO, *PCERT_PUBLIC_KEY_INFO;

typedef struct _CERT_EXTENSION {
    LPSTR pszObjId;
    BOOL fCritical;
    CRYPT_OBJID_BLOB Value;
} CERT_EXTENSION, *PCERT_EXTENSION;

typedef struct _CERT_INFO {
    DWORD dwVersion;
    CRYPT_INTEGER_BLOB SerialNumber; /* little-endian, as Windows stores it */
    CRYPT_ALGORITHM_IDENTIFIER SignatureAlgorithm;
    CERT_NAME_BLOB Issuer;           /* DER Name */
    FILETIME NotBefore;
    FILETIME NotAfter;
    CERT_NAME_BLOB Subject;
    CERT_PUBLIC_KEY_INFO SubjectPublicKeyInfo;
    CRYPT_BIT_BLOB IssuerUniqueId;
    CRYPT_BIT_BLOB SubjectUniqueId;
    DWORD cExtension;
    PCERT_EXTENSION rgExtension;
} CERT_INFO, *PCERT_INFO;

typedef struct _CERT_CONTEXT {
    DWORD dwCertEncodingType;
    BYTE *pbCertEncoded;
    DWORD cbCertEncoded;
    PCERT_INFO pCertInfo;
    HCERTSTORE hCertStore;
} CERT_CONTEXT, *PCERT_CONTEXT;
typedef const CERT_CONTEXT *PCCERT_CONTEXT;

/* Releases a context from WINHTTP_OPTION_SERVER_CERT_CONTEXT.  NULL is
 * accepted (TRUE). */
BOOL WINAPI CertFreeCertificateContext(PCCERT_CONTEXT pCertContext);

#ifdef __cplusplus
}
#endif

#endif /* WINHTTP_WINCRYPT_H */
