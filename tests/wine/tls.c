/*
 * tls.exe: HTTPS under Wine against our builtin (tests/wine/tls.sh starts
 * the servers and sets SSL_CERT_FILE).  Checks what differs under Wine: the
 * SECURE_FAILURE notification reaching PE code, a CERT_CONTEXT that
 * crypt32's CertFreeCertificateContext accepts, strings that kernel32's
 * LocalFree releases.
 *
 * usage: tls.exe VALID_PORT EXPIRED_PORT.  Exit status 0 when all pass.
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

int main(int argc, char **argv)
{
    if (argc != 3) {
        printf("usage: tls.exe VALID_PORT EXPIRED_PORT\n");
        return 2;
    }
    valid_server(atoi(argv[1]));
    expired_server(atoi(argv[2]));
    printf("%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
