# TLS: server certificate verification with Windows' failure flags, the
# secure protocol versions, and the TLS options of a request (DESIGN.md §7).
# Included from the top-level Makefile.am after wine.mk.
dlls_winhttp_libwinhttp_core_la_SOURCES += \
	dlls/winhttp/host_memory.h \
	dlls/winhttp/tls_cert_info.cpp \
	dlls/winhttp/tls_cert_info.h \
	dlls/winhttp/tls_hooks.cpp \
	dlls/winhttp/tls_client_cert.cpp \
	dlls/winhttp/tls_client_cert.h \
	dlls/winhttp/tls_handshake_watch.cpp \
	dlls/winhttp/tls_handshake_watch.h \
	dlls/winhttp/tls_key_blob.cpp \
	dlls/winhttp/tls_key_blob.h \
	dlls/winhttp/tls_hooks.h \
	dlls/winhttp/tls_ocsp.cpp \
	dlls/winhttp/tls_ocsp.h \
	dlls/winhttp/tls_options.cpp \
	dlls/winhttp/tls_options.h \
	dlls/winhttp/tls_proxy.cpp \
	dlls/winhttp/tls_proxy.h \
	dlls/winhttp/tls_state.cpp \
	dlls/winhttp/tls_state.h \
	dlls/winhttp/tls_store.cpp \
	dlls/winhttp/tls_store.h \
	dlls/winhttp/tls_verify.cpp \
	dlls/winhttp/tls_verify.h

dlls_winhttp_libwinhttp_core_la_SOURCES += dlls/winhttp/host_cert.h
winhttpinclude_HEADERS += include/wincrypt.h include/winhttp_linux.h

# What the application frees with LocalFree / CertFreeCertificateContext:
# the native library exports both and builds CERT_CONTEXTs itself; the Wine
# builtin uses kernel32's and crypt32's.
dlls_winhttp_libwinhttp_la_SOURCES += dlls/winhttp/host_memory_native.cpp \
	dlls/winhttp/host_cert_native.cpp \
	dlls/winhttp/tls_cert_context.cpp \
	dlls/winhttp/tls_cert_context.h
EXTRA_DIST += dlls/winhttp/host_memory_wine.cpp dlls/winhttp/host_cert_wine.cpp \
	dlls/winhttp/host_cert_key_wine.cpp
if WITH_WINE
dlls_winhttp_libwinhttp_hostwine_la_SOURCES += dlls/winhttp/host_memory_wine.cpp \
	dlls/winhttp/host_cert_wine.cpp dlls/winhttp/host_cert_key_wine.cpp
WINHTTP_WINE_LIBS += -lcrypt32 -ladvapi32
endif
