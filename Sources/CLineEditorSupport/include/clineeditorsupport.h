// Ctrl-C (SIGINT) as a byte on a pipe, delivered so that the main thread's blocking call (the
// line editor's read, a socket wait) returns with EINTR.
#ifndef CLINEEDITORSUPPORT_H
#define CLINEEDITORSUPPORT_H

/// Installs the SIGINT handler (without SA_RESTART) for the calling thread, which must be the
/// main thread. Returns the read end of the pipe that gets one byte per Ctrl-C, or -1.
int les_install_interrupts(void);

/// Also treats SIGHUP (the terminal closed) and SIGTERM as Ctrl-C, for a program that must clean
/// up before it ends; after `les_install_interrupts`. Returns 0, or -1.
int les_install_hangups(void);

/// The read end of a second pipe that also gets one byte per Ctrl-C, for the line editor to
/// watch next to the terminal (a signal that lands just before its read would be lost).
int les_editor_interrupt_descriptor(void);

/// What the watcher thread calls after each Ctrl-C.
typedef void (*les_interrupt_callback)(void *context);

/// Has a watcher thread call `callback(context)` after each Ctrl-C, replacing an earlier
/// callback. The thread is started on first use, with every signal blocked and a small stack.
/// Returns 0, or an error number when the thread cannot start.
int les_watch_interrupts(les_interrupt_callback callback, void *context);

/// Stops calling the callback whose context is `context` and restores the default SIGINT
/// action; a newer callback stays, with its handler. When this returns, no call with `context`
/// is under way.
void les_unwatch_interrupts(void *context);

/// Makes Ctrl-Z leave the terminal as it was found (line mode) while tshell is stopped, and
/// restores the line editor's mode when it continues. Call before the line editor starts.
void les_install_suspend(int terminal);

#endif
