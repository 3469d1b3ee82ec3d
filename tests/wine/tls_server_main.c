/* tls-server: the native half of tests/wine/tls.sh.  Makes a CA and two
 * server certificates for 127.0.0.1 in DIR (valid; expired), starts an HTTPS
 * server for each (tests/support/tlsserver.c), prints
 *
 *     VALID_PORT EXPIRED_PORT CA_FILE
 *
 * and serves until its standard input reaches EOF.
 *
 * usage: tls-server DIR */
#include <stdio.h>
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
    struct tlsserver_options vo = {vpem, vkey, NULL, 0, NULL, NULL}, eo = {epem, ekey, NULL, 0, NULL, NULL};
    struct tlsserver *vs = tlsserver_start(&vo), *es = tlsserver_start(&eo);
    if (!vs || !es)
        return 1;
    printf("%d %d %s\n", tlsserver_port(vs), tlsserver_port(es), ca_file);
    fflush(stdout);
    char buf[64];
    while (read(0, buf, sizeof(buf)) > 0)
        ;
    tlsserver_stop(vs);
    tlsserver_stop(es);
    cert_free(&ca);
    cert_free(&valid);
    cert_free(&expired);
    return 0;
}
