/* The ordered migrations that build the database, one transaction each,
 * keyed by PRAGMA user_version (as newsboat does). */
#ifndef TT_SCHEMA_H
#define TT_SCHEMA_H
#include <stddef.h>

struct migration {
    int version;
    const char *sql;
};

const struct migration *schema_migrations(size_t *count);
int schema_latest_version(void);

#endif
