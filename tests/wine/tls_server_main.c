/* tls-server: the native half of tests/wine/tls.sh.  Makes a CA and two
 * server certificates for 127.0.0.1 in DIR (valid; expired), starts an HTTPS
 * server for each (tests/support/tlsserver.c), and a third that requires a
 * client certificate issued by a client CA; makes such a client certificate
 * (RSA: Wine's key store holds only RSA keys) as a PKCS#12 file (password
 * "test", made with Debian's openssl) and its certificate alone (DER); prints
 *
 *     VALID_PORT EXPIRED_PORT CLIENT_AUTH_PORT CA_FILE PFX_FILE DER_FILE
 *
 * and serves until its standard input reaches EOF.
 *
 * usage: tls-server DIR */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "certgen.h"
#include "tlsserver.h"

static int write_pair(const char *dir, const char *name, const struct cert *c, char *pem, char *key, size_t n)
{
    snprintf(pem, n, "%s/%s.pem", dir, name);
    snprintf(key, n, "%s/%s.key", dir, name);
    FILE *p = fopen(pem, "w"), *k = fopen(key, "w");
    int rc = !p || !k || cert_write(c, p) || cert_write_key(c, k);
    if (p)
        fclose(p);
    if (k)
        fclose(k);
    return rc;
}

/* The client CA (client-ca.pem), the client's certificate as client.pfx
 * and client.der.  0 on success. */
static int make_client(const char *dir, char *ca_file, char *pfx, char *der, size_t n)
{
    const long day = 86400;
    struct cert ca, client;
    struct cert_spec ca_spec = {"Client CA", NULL, NULL, -day, 30 * day, 1, NULL, 10};
    struct cert_spec client_spec = {"wine-client.test", NULL, NULL, -day, day, 0, GNUTLS_KP_TLS_WWW_CLIENT, 11};
    if (cert_make(&ca, &ca_spec, NULL) || cert_make_rsa(&client, &client_spec, &ca))
        return -1;
    char pem[512], key[512], cmd[2048];
    snprintf(ca_file, n, "%s/client-ca.pem", dir);
    snprintf(pfx, n, "%s/client.pfx", dir);
    snprintf(der, n, "%s/client.der", dir);
    FILE *f = fopen(ca_file, "w");
    int rc = !f || cert_write(&ca, f);
    if (f)
        fclose(f);
    rc |= write_pair(dir, "client", &client, pem, key, sizeof(pem));
    gnutls_datum_t d;
    f = fopen(der, "wb");
    rc |= !f || gnutls_x509_crt_export2(client.crt, GNUTLS_X509_FMT_DER, &d) < 0;
    if (f && !rc) {
        rc |= fwrite(d.data, 1, d.size, f) != d.size;
        gnutls_free(d.data);
    }
    if (f)
        fclose(f);
    snprintf(cmd, sizeof(cmd), "openssl pkcs12 -export -in '%s' -inkey '%s' -out '%s' -passout pass:test", pem, key,
             pfx);
    if (!rc && system(cmd) != 0) {
        fprintf(stderr, "tls-server: openssl pkcs12 failed (tools/install-deps installs openssl)\n");
        rc = -1;
    }
    cert_free(&ca);
    cert_free(&client);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: tls-server DIR\n");
        return 2;
    }
    const char *dir = argv[1];
    const long day = 86400;
    struct cert ca, valid, expired;
    struct cert_spec ca_spec = {"Test Root CA", NULL, NULL, -day, 30 * day, 1, NULL, 1};
    struct cert_spec valid_spec = {"valid.test", "127.0.0.1", NULL, -day, day, 0, NULL, 2};
    struct cert_spec expired_spec = {"expired.test", "127.0.0.1", NULL, -2 * day, -day, 0, NULL, 3};
    if (cert_make(&ca, &ca_spec, NULL) || cert_make(&valid, &valid_spec, &ca) ||
        cert_make(&expired, &expired_spec, &ca)) {
        fprintf(stderr, "tls-server: cannot make certificates\n");
        return 1;
    }
    char ca_file[512], vpem[512], vkey[512], epem[512], ekey[512], empty[512];
    snprintf(ca_file, sizeof(ca_file), "%s/ca.pem", dir);
    snprintf(empty, sizeof(empty), "%s/empty", dir);
    FILE *f = fopen(ca_file, "w");
    int rc = !f || cert_write(&ca, f);
    if (f)
        fclose(f);
    rc |= mkdir(empty, 0700) != 0;
    rc |= write_pair(dir, "valid", &valid, vpem, vkey, sizeof(vpem));
    rc |= write_pair(dir, "expired", &expired, epem, ekey, sizeof(epem));
    if (rc) {
        fprintf(stderr, "tls-server: cannot write to %s\n", dir);
        return 1;
    }
    char client_ca[512], pfx[512], der[512];
    if (make_client(dir, client_ca, pfx, der, sizeof(pfx)))
        return 1;
    struct tlsserver_options vo = {vpem, vkey, NULL, 0, NULL, NULL}, eo = {epem, ekey, NULL, 0, NULL, NULL};
    struct tlsserver_options co = {vpem, vkey, NULL, TLSSERVER_CLIENT_CERT_REQUIRE, client_ca, NULL};
    struct tlsserver *vs = tlsserver_start(&vo), *es = tlsserver_start(&eo), *cs = tlsserver_start(&co);
    if (!vs || !es || !cs)
        return 1;
    printf("%d %d %d %s %s %s\n", tlsserver_port(vs), tlsserver_port(es), tlsserver_port(cs), ca_file, pfx, der);
    fflush(stdout);
    char buf[64];
    while (read(0, buf, sizeof(buf)) > 0)
        ;
    tlsserver_stop(vs);
    tlsserver_stop(es);
    tlsserver_stop(cs);
    cert_free(&ca);
    cert_free(&valid);
    cert_free(&expired);
    return 0;
}
