/*
 * tls.exe: HTTPS under Wine against our builtin (tests/wine/tls.sh starts
 * the servers and sets SSL_CERT_FILE).  Checks what differs under Wine: the
 * SECURE_FAILURE notification reaching PE code, a CERT_CONTEXT that
 * crypt32's CertFreeCertificateContext accepts, strings that kernel32's
 * LocalFree releases, and a client certificate whose key crypt32 holds
 * (imported from PKCS#12 with PFXImportCertStore), sent to a server that
 * requires one.
 *
 * usage: tls.exe VALID_PORT EXPIRED_PORT CLIENT_AUTH_PORT PFX_FILE DER_FILE.
 * Exit status 0 when all pass.
 */
#include <windows.h>
#include <wincrypt.h>
#include <winhttp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static int failures;
static DWORD secure_flags;
static int secure_count;

static void check(int ok, const char *what)
{
    printf("%s: %s\n", ok ? "ok  " : "FAIL", what);
    if (!ok)
        failures++;
}

static void CALLBACK on_status(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    (void)h;
    (void)ctx;
    if (status == WINHTTP_CALLBACK_STATUS_SECURE_FAILURE && info && len == sizeof(DWORD)) {
        secure_flags = *(DWORD *)info;
        secure_count++;
    }
}

static HINTERNET open_request(HINTERNET *session, HINTERNET *connect, int port)
{
    *session = WinHttpOpen(L"tls.exe", WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL, 0);
    WinHttpSetStatusCallback(*session, on_status, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    *connect = WinHttpConnect(*session, L"127.0.0.1", (INTERNET_PORT)port, 0);
    return WinHttpOpenRequest(*connect, L"GET", L"/", NULL, WINHTTP_NO_REFERER, NULL, WINHTTP_FLAG_SECURE);
}

static void valid_server(int port)
{
    HINTERNET s, c, r = open_request(&s, &c, port);
    BOOL sent = WinHttpSendRequest(r, WINHTTP_NO_ADDITIONAL_HEADERS, 0, NULL, 0, 0, 0);
    if (!sent)
        printf("      GetLastError() = %lu\n", GetLastError());
    check(sent, "valid certificate: WinHttpSendRequest succeeds");
    check(WinHttpReceiveResponse(r, NULL), "WinHttpReceiveResponse succeeds");
    char body[32] = "";
    DWORD got = 0;
    check(WinHttpReadData(r, body, sizeof(body) - 1, &got) && !strcmp(body, "tls body"), "body is \"tls body\"");

    DWORD flags = 0, len = sizeof(flags);
    check(WinHttpQueryOption(r, WINHTTP_OPTION_SECURITY_FLAGS, &flags, &len) &&
              flags == (SECURITY_FLAG_SECURE | SECURITY_FLAG_STRENGTH_STRONG),
          "SECURITY_FLAGS == SECURE | STRENGTH_STRONG");

    PCCERT_CONTEXT ctx = NULL;
    len = sizeof(ctx);
    BOOL have = WinHttpQueryOption(r, WINHTTP_OPTION_SERVER_CERT_CONTEXT, &ctx, &len);
    check(have && ctx, "SERVER_CERT_CONTEXT gives a context");
    if (have && ctx) {
        check(ctx->dwCertEncodingType == (X509_ASN_ENCODING | PKCS_7_ASN_ENCODING) && ctx->cbCertEncoded > 100,
              "the context holds the encoded certificate");
        check(ctx->pCertInfo && ctx->pCertInfo->dwVersion == CERT_V3, "crypt32 decoded it (CERT_V3)");
        check(CertFreeCertificateContext(ctx), "crypt32's CertFreeCertificateContext releases it");
    }

    WINHTTP_CERTIFICATE_INFO info;
    len = sizeof(info);
    have = WinHttpQueryOption(r, WINHTTP_OPTION_SECURITY_CERTIFICATE_STRUCT, &info, &len);
    check(have && info.lpszSubjectInfo && !wcscmp(info.lpszSubjectInfo, L"XX\r\nWinHTTP Test\r\nvalid.test"),
          "SECURITY_CERTIFICATE_STRUCT subject");
    if (have) {
        check(LocalFree(info.lpszSubjectInfo) == NULL && LocalFree(info.lpszIssuerInfo) == NULL,
              "kernel32's LocalFree releases its strings");
    }
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

static void expired_server(int port)
{
    HINTERNET s, c, r = open_request(&s, &c, port);
    SetLastError(0);
    BOOL sent = WinHttpSendRequest(r, WINHTTP_NO_ADDITIONAL_HEADERS, 0, NULL, 0, 0, 0);
    DWORD err = GetLastError();
    check(!sent && err == ERROR_WINHTTP_SECURE_FAILURE, "expired certificate: ERROR_WINHTTP_SECURE_FAILURE");
    check(secure_count == 1 && secure_flags == WINHTTP_CALLBACK_STATUS_FLAG_CERT_DATE_INVALID,
          "one SECURE_FAILURE with CERT_DATE_INVALID");
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
}

/* The whole file, or 0 bytes. */
static CRYPT_DATA_BLOB read_file(const char *path)
{
    CRYPT_DATA_BLOB b = {0, NULL};
    FILE *f = fopen(path, "rb");
    if (!f)
        return b;
    b.pbData = malloc(65536);
    b.cbData = b.pbData ? (DWORD)fread(b.pbData, 1, 65536, f) : 0;
    fclose(f);
    return b;
}

/* The client certificate of the PKCS#12 file, its key imported with
 * import_flags; NULL on failure.  *store must be closed after. */
static PCCERT_CONTEXT import_client(const char *pfx_path, DWORD import_flags, HCERTSTORE *store)
{
    CRYPT_DATA_BLOB pfx = read_file(pfx_path);
    *store = pfx.cbData ? PFXImportCertStore(&pfx, L"test", import_flags) : NULL;
    free(pfx.pbData);
    if (!*store) {
        printf("      PFXImportCertStore: %lu\n", GetLastError());
        return NULL;
    }
    return CertFindCertificateInStore(*store, X509_ASN_ENCODING, 0, CERT_FIND_ANY, NULL, NULL);
}

/* SendRequest to the server that requires a client certificate, with ctx
 * as the request's (or none); the error, or 0 once the body came. */
static DWORD send_with(int port, PCCERT_CONTEXT ctx)
{
    HINTERNET s, c, r = open_request(&s, &c, port);
    DWORD err = 0;
    if (ctx && !WinHttpSetOption(r, WINHTTP_OPTION_CLIENT_CERT_CONTEXT, (LPVOID)ctx, sizeof(CERT_CONTEXT)))
        err = GetLastError();
    if (!err && !WinHttpSendRequest(r, WINHTTP_NO_ADDITIONAL_HEADERS, 0, NULL, 0, 0, 0))
        err = GetLastError();
    if (!err && !WinHttpReceiveResponse(r, NULL))
        err = GetLastError();
    char body[32] = "";
    DWORD got = 0;
    if (!err && !(WinHttpReadData(r, body, sizeof(body) - 1, &got) && !strcmp(body, "tls body")))
        err = GetLastError() ? GetLastError() : 1;
    WinHttpCloseHandle(r);
    WinHttpCloseHandle(c);
    WinHttpCloseHandle(s);
    return err;
}

static void client_auth_server(int port, const char *pfx_path, const char *der_path)
{
    DWORD err = send_with(port, NULL);
    check(err == ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED, "no client certificate: CLIENT_AUTH_CERT_NEEDED");

    HCERTSTORE store;
    PCCERT_CONTEXT ctx = import_client(pfx_path, CRYPT_EXPORTABLE, &store);
    check(ctx != NULL, "PFXImportCertStore (exportable key)");
    if (ctx) {
        err = send_with(port, ctx);
        if (err)
            printf("      error %lu\n", err);
        check(err == 0, "exportable key: the server takes the certificate, the body comes");
        CertFreeCertificateContext(ctx);
        CertCloseStore(store, 0);
    }


    /* A key crypt32 will not export: we cannot hand it to the TLS library.
     * (Imported after the exportable one: Wine keeps both in one key
     * container, named after the PKCS#12 key, and the last import decides.) */
    HCERTSTORE locked_store;
    PCCERT_CONTEXT locked = import_client(pfx_path, 0, &locked_store);
    check(locked != NULL, "PFXImportCertStore (key not exportable)");
    if (locked) {
        err = send_with(port, locked);
        if (err != ERROR_WINHTTP_CLIENT_CERT_NO_ACCESS_PRIVATE_KEY)
            printf("      error %lu\n", err);
        check(err == ERROR_WINHTTP_CLIENT_CERT_NO_ACCESS_PRIVATE_KEY,
              "non-exportable key: CLIENT_CERT_NO_ACCESS_PRIVATE_KEY");
        CertFreeCertificateContext(locked);
        CertCloseStore(locked_store, 0);
    }

    /* The certificate alone, no key behind it. */
    CRYPT_DATA_BLOB der = read_file(der_path);
    PCCERT_CONTEXT bare = der.cbData ? CertCreateCertificateContext(X509_ASN_ENCODING, der.pbData, der.cbData) : NULL;
    free(der.pbData);
    check(bare != NULL, "CertCreateCertificateContext");
    if (bare) {
        check(send_with(port, bare) == ERROR_WINHTTP_CLIENT_CERT_NO_PRIVATE_KEY,
              "certificate without key: CLIENT_CERT_NO_PRIVATE_KEY");
        CertFreeCertificateContext(bare);
    }
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        printf("usage: tls.exe VALID_PORT EXPIRED_PORT CLIENT_AUTH_PORT PFX_FILE DER_FILE\n");
        return 2;
    }
    valid_server(atoi(argv[1]));
    expired_server(atoi(argv[2]));
    client_auth_server(atoi(argv[3]), argv[4], argv[5]);
    printf("%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
