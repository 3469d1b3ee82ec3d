/* The soak's HTTPS server: the tests' GnuTLS server (tests/support/
 * tlsserver.h) with a certificate for 127.0.0.1 from a CA made at start
 * (certgen.h), written to a temporary directory that is removed again at
 * the end.  Requests to it trust the certificate through
 * SECURITY_FLAG_IGNORE_UNKNOWN_CA, or fail verification without it. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "certgen.h"
#include "soak.h"
#include "tlsserver.h"

static struct tlsserver *server;
static char dir[64], cert_path[96], key_path[96];

/* The server's certificate, then the CA that signed it (the chain it
 * sends), and its key. */
static int write_files(const struct cert *leaf, const struct cert *ca)
{
    FILE *f = fopen(cert_path, "w");
    int rc = !f || cert_write(leaf, f) || cert_write(ca, f);
    if (f)
        fclose(f);
    f = fopen(key_path, "w");
    rc |= !f || cert_write_key(leaf, f);
    if (f)
        fclose(f);
    return rc;
}

int soak_tls_start(void)
{
    snprintf(dir, sizeof dir, "/tmp/winhttp-soak-XXXXXX");
    if (!mkdtemp(dir))
        return 0;
    snprintf(cert_path, sizeof cert_path, "%s/server.pem", dir);
    snprintf(key_path, sizeof key_path, "%s/server.key", dir);
    /* A CA nobody trusts signs a certificate that is right in every other
     * way: only SECURITY_FLAG_IGNORE_UNKNOWN_CA lets it through. */
    struct cert_spec ca_spec = {"winhttp-soak CA", NULL, NULL, -3600, 86400, 1, NULL, 1};
    struct cert_spec leaf_spec = {"127.0.0.1", "127.0.0.1", NULL, -3600, 86400, 0, NULL, 2};
    struct cert ca, leaf;
    if (cert_make(&ca, &ca_spec, NULL))
        return 0;
    int made = cert_make(&leaf, &leaf_spec, &ca) == 0;
    int written = made && write_files(&leaf, &ca) == 0;
    if (made)
        cert_free(&leaf);
    cert_free(&ca);
    if (!written)
        return 0;
    struct tlsserver_options o = {cert_path, key_path, NULL, TLSSERVER_CLIENT_CERT_NONE, NULL, NULL};
    server = tlsserver_start(&o);
    return server ? tlsserver_port(server) : 0;
}

void soak_tls_stop(void)
{
    tlsserver_stop(server);
    server = NULL;
    unlink(cert_path);
    unlink(key_path);
    rmdir(dir);
}
