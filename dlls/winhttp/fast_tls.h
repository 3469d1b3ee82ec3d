// For the library's thread-local variables that every request reads.  The
// library is a shared object (libwinhttp.so, winhttp.dll.so), and there the
// default TLS model calls __tls_get_addr on each access; initial-exec reads
// them straight off the thread pointer.  Their few bytes come out of the
// static TLS space glibc keeps for libraries that are loaded with dlopen.
#pragma once
#define WINHTTP_FAST_TLS __attribute__((tls_model("initial-exec")))
