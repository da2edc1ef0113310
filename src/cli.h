/* The command line: options common to every mode, the commands, and the
 * start of the full-screen interface.  Errors go to stderr with a non-zero
 * status, never to a screen. */
#ifndef TT_CLI_H
#define TT_CLI_H

enum cli_exit {
    EXIT_OK = 0,
    EXIT_FAIL = 1,      /* the command ran and failed (check found damage...) */
    EXIT_USAGE = 2      /* bad options or configuration: nothing was done */
};

int cli_main(int argc, char **argv);

#endif
