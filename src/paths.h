/* Where files live: XDG folders for a single user, /etc for the school
 * server, and the modes that keep children's data to owner and group. */
#ifndef TT_PATHS_H
#define TT_PATHS_H
#include <sys/types.h>
#include "error.h"

/* $XDG_DATA_HOME/tutorat/tutorat.db (default ~/.local/share/...).  Caller frees. */
char *paths_default_db(void);
/* $XDG_CONFIG_HOME/tutorat/tutorat.ini (default ~/.config/...).  Caller frees. */
char *paths_user_config(void);
/* $XDG_STATE_HOME/tutorat (default ~/.local/state/tutorat): drafts, logs.  Caller frees. */
char *paths_state_dir(void);
/* The system-wide file, SYSCONFDIR/tutorat.ini. */
const char *paths_system_config(void);
/* mkdir -p with mode for every folder it creates (existing ones are left
 * as they are).  0 or TT_ERR_IO with a translated message. */
int paths_mkdir_p(const char *dir, mode_t mode, struct tt_error *err);
/* Folder part of path, newly allocated. */
char *paths_dirname(const char *path);
/* The login name of the person running the program (from the system, never
 * typed).  Static storage. */
const char *paths_login(void);

/* The name of the network file system a folder is on ("NFS", "SMB/CIFS",
 * "FUSE (sshfs...)", "9P"), or NULL for a local disk or when unknown. */
const char *paths_network_fs(const char *dir);
/* The same from a statfs f_type (tests use it directly). */
const char *paths_network_fs_type(long f_type);

#endif
