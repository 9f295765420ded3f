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

int les_editor_interrupt_descriptor(void) {
  return editor_pipe_ends[0];
}

void les_uninstall_interrupts(void) {
  signal(SIGINT, SIG_DFL);
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
