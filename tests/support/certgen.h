/* Test fixture: certificates, keys and CRLs made at test time with GnuTLS,
 * written as PEM files for the TLS test server and the trust store. */
#ifndef WINHTTP_TESTS_SUPPORT_CERTGEN_H
#define WINHTTP_TESTS_SUPPORT_CERTGEN_H

#include <gnutls/x509.h>
#include <stdio.h>

struct cert {
    gnutls_x509_crt_t crt;
    gnutls_x509_privkey_t key;
};

struct cert_spec {
    const char *cn;        /* subject common name */
    const char *ip;        /* subjectAltName IP address, or NULL */
    const char *dns;       /* subjectAltName DNS name, or NULL */
    long not_before;       /* seconds from now (negative: in the past) */
    long not_after;
    int ca;                /* a CA certificate (keyCertSign, cRLSign) */
    const char *purpose;   /* extended key usage OID; NULL: TLS server */
    unsigned serial;
};

/* Makes a certificate with a fresh ECDSA P-256 key, signed by issuer (NULL:
 * self-signed).  Returns 0 on success. */
int cert_make(struct cert *out, const struct cert_spec *spec, const struct cert *issuer);
/* The same with an RSA 2048 key (what Wine's key store can hold). */
int cert_make_rsa(struct cert *out, const struct cert_spec *spec, const struct cert *issuer);
void cert_free(struct cert *c);

/* Appends the PEM certificate / private key to f.  0 on success. */
int cert_write(const struct cert *c, FILE *f);
int cert_write_key(const struct cert *c, FILE *f);

/* Appends to f a CRL of ca listing the given serial numbers.  0 on success. */
int crl_write(const struct cert *ca, const unsigned *serials, int count, FILE *f);

#endif
