#ifndef TSHELL_SPAWN_SUPPORT_H
#define TSHELL_SPAWN_SUPPORT_H

#include <spawn.h>

/// Adds "close every descriptor from `lowest` on" to `actions` (glibc's
/// posix_spawn_file_actions_addclosefrom_np, a GNU extension Swift's Glibc module leaves out), so
/// that a spawned process inherits none of the parent's sockets.
int tshell_spawn_add_close_from(posix_spawn_file_actions_t *actions, int lowest);

#endif
