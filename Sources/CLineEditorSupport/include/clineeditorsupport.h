// Ctrl-C (SIGINT) as a byte on a pipe, delivered so that the main thread's blocking call (the
// line editor's read, a socket wait) returns with EINTR.
#ifndef CLINEEDITORSUPPORT_H
#define CLINEEDITORSUPPORT_H

/// Installs the SIGINT handler (without SA_RESTART) for the calling thread, which must be the
/// main thread. Returns the read end of the pipe that gets one byte per Ctrl-C, or -1.
int les_install_interrupts(void);

/// The read end of a second pipe that also gets one byte per Ctrl-C, for the line editor to
/// watch next to the terminal (a signal that lands just before its read would be lost).
int les_editor_interrupt_descriptor(void);

/// Restores the default SIGINT action.
void les_uninstall_interrupts(void);

/// Makes Ctrl-Z leave the terminal as it was found (line mode) while tshell is stopped, and
/// restores the line editor's mode when it continues. Call before the line editor starts.
void les_install_suspend(int terminal);

#endif
