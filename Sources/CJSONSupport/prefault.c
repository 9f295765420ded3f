#include "CJSONSupport.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

/// How much the thread maps per step: small enough that `finish` waits little, large enough that
/// the system calls cost nothing next to the zeroing.
static const size_t step = 2 << 20;

struct tshell_prefault {
  pthread_t thread;
  pthread_mutex_t lock;
  pthread_cond_t advanced;
  uintptr_t start;
  uintptr_t end;
  size_t ahead;
  uintptr_t page;
  int advice;
  /// How far the thread may map: `ahead` past what was written. Guarded by `lock`.
  uintptr_t allowed;
  /// Set by `finish`. Guarded by `lock`.
  int stop;
};

static void *prefault_run(void *context) {
  struct tshell_prefault *prefault = context;
  uintptr_t at = prefault->start;
  while (at < prefault->end) {
    pthread_mutex_lock(&prefault->lock);
    while (!prefault->stop && at >= prefault->allowed) pthread_cond_wait(&prefault->advanced, &prefault->lock);
    int stop = prefault->stop;
    uintptr_t allowed = prefault->allowed < prefault->end ? prefault->allowed : prefault->end;
    pthread_mutex_unlock(&prefault->lock);
    if (stop) break;
    size_t length = allowed - at < step ? allowed - at : step;
    // Kernels before 5.14 refuse the advice: the caller then faults its pages in itself.
    if (madvise((void *)at, length, prefault->advice) != 0) break;
    at += length;
  }
  return NULL;
}

tshell_prefault *tshell_prefault_start(const void *start, size_t length, size_t ahead, int writable) {
  long page = sysconf(_SC_PAGESIZE);
  if (page <= 0 || length < 4 * step) return NULL;
  uintptr_t first = ((uintptr_t)start + (uintptr_t)page - 1) & ~((uintptr_t)page - 1);
  uintptr_t last = ((uintptr_t)start + length) & ~((uintptr_t)page - 1);
  if (last <= first) return NULL;
  struct tshell_prefault *prefault = malloc(sizeof *prefault);
  if (prefault == NULL) return NULL;
  prefault->start = first;
  prefault->end = last;
  prefault->ahead = ahead;
  prefault->page = (uintptr_t)page;
  prefault->advice = writable ? MADV_POPULATE_WRITE : MADV_POPULATE_READ;
  prefault->allowed = ahead == 0 || ahead > last - first ? last : (first + ahead) & ~((uintptr_t)page - 1);
  prefault->stop = 0;
  pthread_mutex_init(&prefault->lock, NULL);
  pthread_cond_init(&prefault->advanced, NULL);
  if (pthread_create(&prefault->thread, NULL, prefault_run, prefault) != 0) {
    pthread_cond_destroy(&prefault->advanced);
    pthread_mutex_destroy(&prefault->lock);
    free(prefault);
    return NULL;
  }
  return prefault;
}

void tshell_prefault_advance(tshell_prefault *prefault, const void *done) {
  if (prefault == NULL || prefault->ahead == 0) return;
  pthread_mutex_lock(&prefault->lock);
  // madvise takes whole pages: the thread's every step starts and ends on a page boundary.
  prefault->allowed = ((uintptr_t)done + prefault->ahead) & ~(prefault->page - 1);
  pthread_cond_signal(&prefault->advanced);
  pthread_mutex_unlock(&prefault->lock);
}

void tshell_prefault_finish(tshell_prefault *prefault) {
  if (prefault == NULL) return;
  pthread_mutex_lock(&prefault->lock);
  prefault->stop = 1;
  pthread_cond_signal(&prefault->advanced);
  pthread_mutex_unlock(&prefault->lock);
  pthread_join(prefault->thread, NULL);
  pthread_cond_destroy(&prefault->advanced);
  pthread_mutex_destroy(&prefault->lock);
  free(prefault);
}
