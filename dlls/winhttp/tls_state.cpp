#include "tls_state.h"

#include "objects.h"
#include "text.h"
#include "tls_proxy.h"

namespace winhttp::tls {

std::shared_ptr<state> make_state(const request &r)
{
    if (!r.secure())
        return nullptr;
    policy p;
    p.host = utf8(r.owner().server);
    const handle_settings settings = r.settings();
    p.security_flags = settings.security_flags;
    p.check_revocation = (settings.enabled_features & WINHTTP_ENABLE_SSL_REVOCATION) != 0;
    p.protocols = settings.secure_protocols;
    p.no_client_cert = settings.no_client_cert;
    p.client_cert = settings.client_cert;
    const session &s = r.owner().owner();
    if (s.access_type == WINHTTP_ACCESS_TYPE_NAMED_PROXY)
        p.proxy = https_proxy_for(utf8(s.proxy), utf8(s.proxy_bypass), p.host);
    return std::make_shared<state>(std::move(p));
}

}  // namespace winhttp::tls
