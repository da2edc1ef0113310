#include "config.h"
#include <sys/vfs.h>
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "i18n.h"
#include "paths.h"
#include "util.h"

static char *xdg_dir(const char *var, const char *fallback)
{
    const char *v = getenv(var);
    if (v && v[0] == '/')
        return xstrdup(v);
    const char *home = getenv("HOME");
    if (home == NULL || home[0] == '\0') {
        struct passwd *pw = getpwuid(getuid());
        home = pw ? pw->pw_dir : "/";
    }
    return xasprintf("%s/%s", home, fallback);
}

char *paths_default_db(void)
{
    char *d = xdg_dir("XDG_DATA_HOME", ".local/share");
    char *p = xasprintf("%s/tutorat/tutorat.db", d);
    free(d);
    return p;
}

char *paths_user_config(void)
{
    char *d = xdg_dir("XDG_CONFIG_HOME", ".config");
    char *p = xasprintf("%s/tutorat/tutorat.ini", d);
    free(d);
    return p;
}

char *paths_state_dir(void)
{
    char *d = xdg_dir("XDG_STATE_HOME", ".local/state");
    char *p = xasprintf("%s/tutorat", d);
    free(d);
    return p;
}

/* TUTORAT_SYSTEM_CONFIG replaces the system file: tests must not read the
 * machine's own /etc/tutorat.ini, and a second installation can have its
 * own. */
const char *paths_system_config(void)
{
    const char *env = getenv("TUTORAT_SYSTEM_CONFIG");
    return env && env[0] ? env : SYSCONFDIR "/tutorat.ini";
}

char *paths_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        return xstrdup(".");
    if (slash == path)
        return xstrdup("/");
    return xstrndup(path, (size_t)(slash - path));
}

int paths_mkdir_p(const char *dir, mode_t mode, struct tt_error *err)
{
    char *p = xstrdup(dir);
    int rc = TT_OK;
    for (char *s = p + 1; ; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char saved = *s;
        *s = '\0';
        if (mkdir(p, mode) == 0) {
            /* The umask may have removed group bits the server set-up needs. */
            if (chmod(p, mode) != 0) {
                rc = tt_error_set(err, TT_ERR_IO, _("Cannot set the permissions of folder %s: %s"),
                                  p, strerror(errno));
                break;
            }
        } else if (errno != EEXIST) {
            rc = tt_error_set(err, TT_ERR_IO, _("Cannot create folder %s: %s"), p, strerror(errno));
            break;
        }
        *s = saved;
        if (saved == '\0')
            break;
    }
    free(p);
    return rc;
}

const char *paths_login(void)
{
    static char login[65];
    if (login[0] == '\0') {
        struct passwd *pw = getpwuid(geteuid());
        tt_strlcpy(login, pw && pw->pw_name ? pw->pw_name : "unknown", sizeof login);
    }
    return login;
}

const char *paths_network_fs_type(long f_type)
{
    /* Magic numbers of linux/magic.h: SQLite's file locks are unreliable
     * on each of these. */
    switch ((unsigned long)f_type & 0xffffffffUL) {
    case 0x6969UL: return "NFS";
    case 0x517BUL: return "SMB/CIFS";
    case 0xFF534D42UL: return "SMB/CIFS";
    case 0xFE534D42UL: return "SMB/CIFS";
    case 0x65735546UL: return "FUSE (sshfs...)";
    case 0x01021997UL: return "9P";
    case 0x73757245UL: return "Coda";
    case 0x564c: return "NCP";
    case 0x5346414FUL: return "AFS";
    default: return NULL;
    }
}

const char *paths_network_fs(const char *dir)
{
    struct statfs sf;
    if (statfs(dir, &sf) != 0)
        return NULL;
    return paths_network_fs_type((long)sf.f_type);
}
