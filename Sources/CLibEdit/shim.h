// Fixed-signature wrappers for libedit's variadic calls and C globals that Swift cannot call directly.
#ifndef CLIBEDIT_SHIM_H
#define CLIBEDIT_SHIM_H

#include <histedit.h>
#include <locale.h>
#include <stdio.h>

typedef char *(*cle_prompt_fn)(EditLine *);
typedef unsigned char (*cle_command_fn)(EditLine *, int);

static inline FILE *cle_stdin(void) { return stdin; }
static inline FILE *cle_stdout(void) { return stdout; }
static inline FILE *cle_stderr(void) { return stderr; }

static inline int cle_set_prompt(EditLine *e, cle_prompt_fn fn) { return el_set(e, EL_PROMPT, fn); }
static inline int cle_set_prompt_esc(EditLine *e, cle_prompt_fn fn, char c) { return el_set(e, EL_PROMPT_ESC, fn, c); }
static inline int cle_set_rprompt(EditLine *e, cle_prompt_fn fn) { return el_set(e, EL_RPROMPT, fn); }
static inline int cle_set_editor(EditLine *e, const char *mode) { return el_set(e, EL_EDITOR, mode); }
static inline int cle_set_signal(EditLine *e, int on) { return el_set(e, EL_SIGNAL, on); }
static inline int cle_set_history(EditLine *e, History *h) { return el_set(e, EL_HIST, history, h); }
static inline int cle_add_function(EditLine *e, const char *name, const char *help, cle_command_fn fn) {
  return el_set(e, EL_ADDFN, name, help, fn);
}
static inline int cle_bind(EditLine *e, const char *key, const char *name) {
  return el_set(e, EL_BIND, key, name, (const char *)0);
}
static inline int cle_set_clientdata(EditLine *e, void *data) { return el_set(e, EL_CLIENTDATA, data); }
static inline void *cle_get_clientdata(EditLine *e) {
  void *data = 0;
  el_get(e, EL_CLIENTDATA, &data);
  return data;
}
static inline int cle_set_getcfn(EditLine *e, el_rfunc_t fn) { return el_set(e, EL_GETCFN, fn); }
static inline int cle_refresh(EditLine *e) { return el_set(e, EL_REFRESH); }

static inline int cle_history_setsize(History *h, int size) { HistEvent ev; return history(h, &ev, H_SETSIZE, size); }
static inline int cle_history_setunique(History *h, int on) { HistEvent ev; return history(h, &ev, H_SETUNIQUE, on); }
static inline int cle_history_enter(History *h, const char *line) { HistEvent ev; return history(h, &ev, H_ENTER, line); }
static inline int cle_history_load(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_LOAD, path); }
static inline int cle_history_save(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_SAVE, path); }
static inline int cle_history_clear(History *h) { HistEvent ev; return history(h, &ev, H_CLEAR); }
static inline const char *cle_history_last(History *h) { HistEvent ev; return history(h, &ev, H_LAST) == 0 ? ev.str : 0; }
static inline const char *cle_history_prev(History *h) { HistEvent ev; return history(h, &ev, H_PREV) == 0 ? ev.str : 0; }
static inline int cle_terminal_columns(EditLine *e) { int n = 0; return el_get(e, EL_GETTC, "co", &n) == 0 ? n : 0; }

#endif
