#define _GNU_SOURCE
#include "clineeditorsupport.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

// Signal handlers can reach only process-wide state; these are set once, before the handler is.
static pthread_t main_thread;
static int pipe_ends[2] = {-1, -1};
static int editor_pipe_ends[2] = {-1, -1};

static void on_interrupt(int signal_number) {
  int saved = errno;
  if (!pthread_equal(pthread_self(), main_thread)) {
    // The kernel chose another thread; the main thread is the one whose read must be interrupted.
    pthread_kill(main_thread, signal_number);
  } else {
    char byte = 1;
    ssize_t ignored = write(pipe_ends[1], &byte, 1);
    ignored = write(editor_pipe_ends[1], &byte, 1);
    (void)ignored;
  }
  errno = saved;
}

int les_install_interrupts(void) {
  if (pipe_ends[0] < 0) {
    if (pipe2(pipe_ends, O_CLOEXEC) != 0 || pipe2(editor_pipe_ends, O_CLOEXEC | O_NONBLOCK) != 0) return -1;
    fcntl(pipe_ends[1], F_SETFL, O_NONBLOCK);
  }
  main_thread = pthread_self();
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: the interrupted read returns EINTR
  if (sigaction(SIGINT, &action, NULL) != 0) return -1;
  // A parent may have started tshell with SIGINT blocked (threads of many runtimes block it).
  sigset_t interrupt_only;
  sigemptyset(&interrupt_only);
  sigaddset(&interrupt_only, SIGINT);
  pthread_sigmask(SIG_UNBLOCK, &interrupt_only, NULL);
  return pipe_ends[0];
}

static int hangups_installed = 0;

int les_install_hangups(void) {
  if (pipe_ends[0] < 0) return -1;
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  if (sigaction(SIGHUP, &action, NULL) != 0 || sigaction(SIGTERM, &action, NULL) != 0) return -1;
  hangups_installed = 1;
  return 0;
}

int les_editor_interrupt_descriptor(void) {
  return editor_pipe_ends[0];
}

// The watcher: a plain thread rather than a Foundation one, made in a few microseconds, since
// every script run starts one. The mutex makes replacing the callback safe while it runs.
static pthread_mutex_t watch_lock = PTHREAD_MUTEX_INITIALIZER;
static les_interrupt_callback watch_callback = NULL;
static void *watch_context = NULL;
static int watch_started = 0;

static void *watch(void *unused) {
  (void)unused;
  char byte;
  for (;;) {
    ssize_t count = read(pipe_ends[0], &byte, 1);
    if (count < 0 && errno == EINTR) continue;
    if (count != 1) return NULL;
    pthread_mutex_lock(&watch_lock);
    if (watch_callback != NULL) watch_callback(watch_context);
    pthread_mutex_unlock(&watch_lock);
  }
}

int les_watch_interrupts(les_interrupt_callback callback, void *context) {
  pthread_mutex_lock(&watch_lock);
  watch_callback = callback;
  watch_context = context;
  int result = 0;
  if (!watch_started && pipe_ends[0] >= 0) {
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    // The callback is Swift code that sets a flag or ends the process: 256 KiB is plenty.
    pthread_attr_setstacksize(&attributes, 256 * 1024);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    // Signals stay with the main thread, whose blocking call must see EINTR.
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &previous);
    pthread_t thread;
    result = pthread_create(&thread, &attributes, watch, NULL);
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    pthread_attr_destroy(&attributes);
    watch_started = result == 0;
  }
  pthread_mutex_unlock(&watch_lock);
  return result;
}

void les_unwatch_interrupts(void *context) {
  pthread_mutex_lock(&watch_lock);
  if (watch_context == context) {
    watch_callback = NULL;
    watch_context = NULL;
    signal(SIGINT, SIG_DFL);
    if (hangups_installed) {
      signal(SIGHUP, SIG_DFL);
      signal(SIGTERM, SIG_DFL);
      hangups_installed = 0;
    }
  }
  pthread_mutex_unlock(&watch_lock);
}

// Suspend and resume: the terminal modes from before the line editor, and the editor's own.
static int suspend_terminal = -1;
static struct termios modes_before_editing;

static void on_suspend(int signal_number);

static void catch_suspend(void) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = on_suspend;
  action.sa_flags = SA_RESTART;
  sigemptyset(&action.sa_mask);
  sigaction(SIGTSTP, &action, NULL);
}

static void on_suspend(int signal_number) {
  (void)signal_number;
  int saved = errno;
  struct termios editing;
  int have_editing = tcgetattr(suspend_terminal, &editing) == 0;
  tcsetattr(suspend_terminal, TCSADRAIN, &modes_before_editing);
  // Stop for real (default action), then come back here when continued.
  signal(SIGTSTP, SIG_DFL);
  sigset_t suspend_only;
  sigemptyset(&suspend_only);
  sigaddset(&suspend_only, SIGTSTP);
  pthread_sigmask(SIG_UNBLOCK, &suspend_only, NULL);
  raise(SIGTSTP);
  // Continued: the shell that stopped us may have changed the modes; take the editor's back.
  catch_suspend();
  if (have_editing) tcsetattr(suspend_terminal, TCSADRAIN, &editing);
  errno = saved;
}

void les_install_suspend(int terminal) {
  if (tcgetattr(terminal, &modes_before_editing) != 0) return;
  suspend_terminal = terminal;
  catch_suspend();
}
