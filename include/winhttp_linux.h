/*
 * winhttp_linux.h: what this Linux implementation of WinHTTP adds to
 * Windows' API.  Nothing here exists on Windows; a program that uses it
 * should keep it behind its own #ifdef.
 *
 * The option numbers lie in a range of their own, far above every number
 * Windows uses (those stay below 0x1000), so that a future Windows option
 * can never collide with them.  Windows' own winhttp.dll refuses them with
 * ERROR_WINHTTP_INVALID_OPTION.
 */
#ifndef WINHTTP_LINUX_H
#define WINHTTP_LINUX_H

#define WINHTTP_OPTION_LINUX_BASE 0x4C490000 /* 'L' 'I' */

/*
 * WINHTTP_OPTION_LINUX_CLIENT_CERT_PEM (set only; session or request
 * handle): the client certificate and its private key for TLS client
 * authentication, as PEM text.  On Windows the certificate comes as a
 * CERT_CONTEXT whose private key lives in a key store; Linux has no such
 * store, so the key is given here instead.
 *
 *   lpBuffer       the PEM text: one or more "CERTIFICATE" blocks (the
 *                  client's certificate first, then any intermediate CAs)
 *                  and one unencrypted private key block ("PRIVATE KEY",
 *                  "RSA PRIVATE KEY" or "EC PRIVATE KEY"), in any order.
 *   dwBufferLength its length in bytes (a terminating NUL is not needed).
 *                  0 takes the certificate back off the handle.
 *
 * The text is checked and copied at once; the caller may free it.  Errors:
 * ERROR_INVALID_PARAMETER when there is no certificate, a block cannot be
 * read, or the key is not the certificate's;
 * ERROR_WINHTTP_CLIENT_CERT_NO_PRIVATE_KEY when there is no key block.
 * Setting it replaces a WINHTTP_OPTION_CLIENT_CERT_CONTEXT set before, and
 * the reverse.  The certificate is sent only when a server asks for one.
 */
#define WINHTTP_OPTION_LINUX_CLIENT_CERT_PEM (WINHTTP_OPTION_LINUX_BASE + 1)

#endif
