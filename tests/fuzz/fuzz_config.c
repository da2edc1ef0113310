/* libFuzzer: the configuration loader on arbitrary file contents. */
#include "config.h"
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "error.h"
#include "settings.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (path[0] == '\0') {
        setlocale(LC_ALL, "C.UTF-8");
        snprintf(path, sizeof path, "/tmp/tutorat-fuzz-config-%d.ini", (int)getpid());
    }
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    struct settings *s = settings_new();
    struct tt_error err;
    tt_error_clear(&err);
    settings_load_file(s, path, 1, &err);
    settings_free(s);
    return 0;
}
