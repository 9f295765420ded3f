#ifndef TSHELL_JSON_SUPPORT_H
#define TSHELL_JSON_SUPPORT_H

#include <stddef.h>

/// Asks the processor to start loading the cache line at `address` for a read soon, without
/// waiting for it (a hint: it never faults, and does nothing where the target has no such
/// instruction). Swift has no spelling for it; a walk over a large tape uses it to overlap the
/// cache misses of the next few nodes with the work on this one.
static inline __attribute__((always_inline)) void tshell_prefetch(const void *address) {
  __builtin_prefetch(address, 0, 3);
}

/// A thread that maps in the pages of a large buffer ahead of the code that fills it.
typedef struct tshell_prefault tshell_prefault;

/// Starts a thread that asks the kernel to map the pages of `[start, start + length)`, front to
/// back, a few megabytes at a time, so that their faults (and for a buffer being written, their
/// zeroing) happen on another core while the caller goes through the range from the front.
/// `writable` maps them for writing (`MADV_POPULATE_WRITE`), otherwise for reading
/// (`MADV_POPULATE_READ`: a mapped file). With `ahead` > 0 the thread stays at most `ahead` bytes
/// past what the caller reported done (`tshell_prefault_advance`), so a buffer larger than needed
/// costs no memory; with 0 it maps the whole range as fast as it can. Returns NULL (and does
/// nothing) when the range is too small to be worth a thread or no thread could start.
tshell_prefault *tshell_prefault_start(const void *start, size_t length, size_t ahead, int writable);

/// Reports that the caller is done with the range up to `done` (an address in it).
void tshell_prefault_advance(tshell_prefault *prefault, const void *done);

/// Stops the thread after its current step, waits for it and frees the handle: after this the
/// buffer may be freed. NULL is allowed.
void tshell_prefault_finish(tshell_prefault *prefault);

#endif
