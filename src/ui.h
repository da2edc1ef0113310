/* The full-screen shell: start-up and restoration of the terminal, the
 * main loop, the tab bar and the F-key bar.  Screens live in ui_*.c. */
#ifndef TT_UI_H
#define TT_UI_H
#include "settings.h"

/* Opens the database, runs the interface until the user quits or a signal
 * ends it, and restores the terminal.  Returns an exit status. */
int ui_main(const char *db_path, struct settings *s);

#endif
