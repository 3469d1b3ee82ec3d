#include "certgen.h"

#include <arpa/inet.h>
#include <string.h>
#include <time.h>

static void serial_bytes(unsigned serial, unsigned char out[4])
{
    out[0] = (unsigned char)(serial >> 24);
    out[1] = (unsigned char)(serial >> 16);
    out[2] = (unsigned char)(serial >> 8);
    out[3] = (unsigned char)serial;
}

static int set_names(gnutls_x509_crt_t crt, const struct cert_spec *s)
{
    static const char country[] = "XX", org[] = "WinHTTP Test";
    int rc = gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COUNTRY_NAME, 0, country, 2);
    if (rc >= 0)
        rc = gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_ORGANIZATION_NAME, 0, org, strlen(org));
    if (rc >= 0)
        rc = gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, s->cn, strlen(s->cn));
    if (rc >= 0 && s->dns)
        rc = gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME, s->dns, strlen(s->dns),
                                                  GNUTLS_FSAN_APPEND);
    if (rc >= 0 && s->ip) {
        unsigned char addr[4];
        if (inet_pton(AF_INET, s->ip, addr) != 1)
            return -1;
        rc = gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS, addr, 4, GNUTLS_FSAN_APPEND);
    }
    return rc;
}

static int set_usage(gnutls_x509_crt_t crt, const struct cert_spec *s)
{
    int rc = gnutls_x509_crt_set_basic_constraints(crt, s->ca, -1);
    if (rc >= 0)
        rc = gnutls_x509_crt_set_key_usage(crt, s->ca ? GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN
                                                      : GNUTLS_KEY_DIGITAL_SIGNATURE);
    if (rc >= 0 && !s->ca)
        rc = gnutls_x509_crt_set_key_purpose_oid(crt, s->purpose ? s->purpose : GNUTLS_KP_TLS_WWW_SERVER, 0);
    return rc;
}

static int set_key_ids(gnutls_x509_crt_t crt, const struct cert *issuer)
{
    unsigned char id[64];
    size_t n = sizeof(id);
    int rc = gnutls_x509_crt_get_key_id(crt, 0, id, &n);
    if (rc >= 0)
        rc = gnutls_x509_crt_set_subject_key_id(crt, id, n);
    if (rc >= 0 && issuer) {
        n = sizeof(id);
        rc = gnutls_x509_crt_get_subject_key_id(issuer->crt, id, &n, NULL);
        if (rc >= 0)
            rc = gnutls_x509_crt_set_authority_key_id(crt, id, n);
    }
    return rc;
}

static int make(struct cert *out, const struct cert_spec *s, const struct cert *issuer, int rsa)
{
    memset(out, 0, sizeof(*out));
    time_t now = time(NULL);
    unsigned char serial[4];
    serial_bytes(s->serial, serial);
    if (gnutls_x509_privkey_init(&out->key) < 0 || gnutls_x509_crt_init(&out->crt) < 0)
        return -1;
    int rc = rsa ? gnutls_x509_privkey_generate(out->key, GNUTLS_PK_RSA, 2048, 0)
                    : gnutls_x509_privkey_generate(out->key, GNUTLS_PK_ECDSA,
                                                   GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0);
    if (rc >= 0) rc = gnutls_x509_crt_set_version(out->crt, 3);
    if (rc >= 0) rc = gnutls_x509_crt_set_serial(out->crt, serial, sizeof(serial));
    if (rc >= 0) rc = gnutls_x509_crt_set_activation_time(out->crt, now + s->not_before);
    if (rc >= 0) rc = gnutls_x509_crt_set_expiration_time(out->crt, now + s->not_after);
    if (rc >= 0) rc = gnutls_x509_crt_set_key(out->crt, out->key);
    if (rc >= 0) rc = set_names(out->crt, s);
    if (rc >= 0) rc = set_usage(out->crt, s);
    if (rc >= 0) rc = set_key_ids(out->crt, issuer);
    if (rc >= 0)
        rc = gnutls_x509_crt_sign2(out->crt, issuer ? issuer->crt : out->crt,
                                   issuer ? issuer->key : out->key, GNUTLS_DIG_SHA256, 0);
    return rc < 0 ? -1 : 0;
}

int cert_make(struct cert *out, const struct cert_spec *s, const struct cert *issuer)
{
    return make(out, s, issuer, 0);
}

int cert_make_rsa(struct cert *out, const struct cert_spec *s, const struct cert *issuer)
{
    return make(out, s, issuer, 1);
}

void cert_free(struct cert *c)
{
    if (c->crt)
        gnutls_x509_crt_deinit(c->crt);
    if (c->key)
        gnutls_x509_privkey_deinit(c->key);
    memset(c, 0, sizeof(*c));
}

static int write_datum(gnutls_datum_t *d, FILE *f)
{
    size_t n = fwrite(d->data, 1, d->size, f);
    int ok = n == d->size;
    gnutls_free(d->data);
    return ok ? 0 : -1;
}

int cert_write(const struct cert *c, FILE *f)
{
    gnutls_datum_t d;
    if (gnutls_x509_crt_export2(c->crt, GNUTLS_X509_FMT_PEM, &d) < 0)
        return -1;
    return write_datum(&d, f);
}

int cert_write_key(const struct cert *c, FILE *f)
{
    gnutls_datum_t d;
    if (gnutls_x509_privkey_export2(c->key, GNUTLS_X509_FMT_PEM, &d) < 0)
        return -1;
    return write_datum(&d, f);
}

int crl_write(const struct cert *ca, const unsigned *serials, int count, FILE *f)
{
    gnutls_x509_crl_t crl;
    time_t now = time(NULL);
    if (gnutls_x509_crl_init(&crl) < 0)
        return -1;
    int rc = gnutls_x509_crl_set_version(crl, 2);
    if (rc >= 0) rc = gnutls_x509_crl_set_this_update(crl, now - 60);
    if (rc >= 0) rc = gnutls_x509_crl_set_next_update(crl, now + 3600);
    for (int i = 0; rc >= 0 && i < count; ++i) {
        unsigned char serial[4];
        serial_bytes(serials[i], serial);
        rc = gnutls_x509_crl_set_crt_serial(crl, serial, sizeof(serial), now - 60);
    }
    if (rc >= 0) {
        unsigned char id[64];
        size_t n = sizeof(id);
        rc = gnutls_x509_crt_get_subject_key_id(ca->crt, id, &n, NULL);
        if (rc >= 0)
            rc = gnutls_x509_crl_set_authority_key_id(crl, id, n);
    }
    if (rc >= 0)
        rc = gnutls_x509_crl_sign2(crl, ca->crt, ca->key, GNUTLS_DIG_SHA256, 0);
    gnutls_datum_t d;
    if (rc >= 0)
        rc = gnutls_x509_crl_export2(crl, GNUTLS_X509_FMT_PEM, &d);
    gnutls_x509_crl_deinit(crl);
    if (rc < 0)
        return -1;
    return write_datum(&d, f);
}
