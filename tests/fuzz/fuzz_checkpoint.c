/*
 * fuzz_checkpoint.c - a libFuzzer target on the checkpoint reader
 * (pz_checkpoint_read, exp/checkpoint.c) and, through a resumed run, the
 * model's state loader (pz_model_load_state).
 *
 * A checkpoint ends with "end HEX\n", the SHA-256 of all before it, and
 * a file whose sum does not match is refused before anything is parsed.
 * So that mutations reach the parser, an input is a checkpoint without
 * its end line (the seeds: real checkpoints with it cut off) and this
 * target appends the right one.  Any input must be refused with
 * PZ_ERR_INPUT and a message, or read; a checkpoint that is read is
 * resumed to its end (when it asks for at most 200 weeks) into a
 * temporary run directory, which may fail but must not crash.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/internal.h"
#include "fuzz_util.h"
#include "plaza/params.h"
#include "plaza/run.h"
#include "plaza/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char file[512], out[512], hex[65], end[80];
    snprintf(file, sizeof file, "%s/checkpoint.plz", fz_tmpdir());
    snprintf(out, sizeof out, "%s/out", fz_tmpdir());
    pz__sha256_hex(data, size, hex);
    int n = snprintf(end, sizeof end, "end %s\n", hex);
    char *buf = malloc(size + (size_t)n);
    if (!buf)
        abort();
    if (size)
        memcpy(buf, data, size);
    memcpy(buf + size, end, (size_t)n);
    fz_write(file, buf, size + (size_t)n);
    free(buf);

    pz_scenario *sc = NULL;
    pz_checkpoint *ck = NULL;
    pz_error err;
    memset(&err, 0, sizeof err);
    pz_status st = pz_checkpoint_read(file, NULL, &sc, &ck, &err);
    if (st != PZ_OK) {
        if (sc || ck || st != PZ_ERR_INPUT || err.msg[0] == '\0')
            abort();
        return 0;
    }
    if (pz_scenario_param(sc, PZ_P_STEPS) <= 200) {
        pz_run_options opt;
        pz_run_options_init(&opt);
        opt.out_dir = out;
        opt.resume = ck;
        opt.replicate = pz_checkpoint_replicate(ck);
        st = pz_run_write(sc, &opt, &err);
        if (st != PZ_OK && err.msg[0] == '\0')
            abort();
    }
    pz_checkpoint_free(ck);
    pz_scenario_free(sc);
    return 0;
}
