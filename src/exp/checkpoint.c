/*
 * checkpoint.c - checkpoints of a run: written by pz_run_write at a date,
 * read back by pz_checkpoint_read to continue the run (plaza/run.h).
 *
 * A checkpoint is one file, a few text lines then length-prefixed blocks:
 *
 *   PLAZA-CHECKPOINT 1
 *   plaza VERSION
 *   source PATH             the scenario's file name (for messages)
 *   scenario_sha256 HEX
 *   data_dir DIR | -        the data directory, absolute (realpath)
 *   policy NAME | -
 *   replicate R
 *   step T
 *   param NAME=VALUE        every parameter, resolved (after --set)
 *   datafile HEX PATH       every data file read, with its SHA-256
 *   text LEN\n BYTES\n      the scenario's text
 *   state LEN\n BYTES\n     pz_model_save_state
 *   table NAME LEN\n BYTES\n  each table as written up to step T
 *   end HEX                 SHA-256 of everything before this line
 *
 * It is an atomic file (base/atomic.h): whole or absent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/atomic.h"
#include "base/internal.h"
#include "exp/checkpoint.h"
#include "plaza/model.h"
#include "plaza/run.h"
#include "world/scenario.h"

#define MAGIC   "PLAZA-CHECKPOINT 1\n"
#define NTABLES 6

struct pz_checkpoint {
    uint32_t replicate, step;
    char *state;
    size_t state_len;
    char *table[NTABLES];
    size_t table_len[NTABLES];
    char *file;
};

static const char *const table_names[NTABLES] = {
    "national.csv", "groups.csv",     "regions.csv",
    "events.csv",   "government.csv", "payroll.csv"};

pz_status pz__checkpoint_write(const char *dir, const pz_scenario *sc,
                               uint32_t replicate, const pz_model *m,
                               const pz__rundir *rd, pz_error *err)
{
    char *buf = NULL, *sbuf = NULL, fmt[64];
    size_t len = 0, slen = 0;
    pz_status st = PZ_OK;
    FILE *f = open_memstream(&buf, &len);
    FILE *s = open_memstream(&sbuf, &slen);
    if (!f || !s) {
        if (f)
            fclose(f);
        if (s)
            fclose(s);
        free(buf);  /* libc's */
        free(sbuf); /* libc's */
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    }
    st = pz_model_save_state(m, s, err);
    fclose(s);
    /* the data directory made absolute, so that the checkpoint can be
     * resumed from any working directory */
    char *data_dir = sc->data_dir ? realpath(sc->data_dir, NULL) : NULL;
    fputs(MAGIC, f);
    fprintf(f, "plaza %s\nsource %s\nscenario_sha256 %s\ndata_dir %s\n",
            PZ_VERSION, sc->source, sc->sha256,
            data_dir       ? data_dir
            : sc->data_dir ? sc->data_dir
                           : "-");
    free(data_dir); /* libc's */
    fprintf(f, "policy %s\nreplicate %u\nstep %u\n",
            pz_scenario_policy(sc) ? pz_scenario_policy(sc) : "-", replicate,
            pz_model_time(m));
    for (int i = 0; i < PZ_P_COUNT; i++)
        fprintf(f, "param %s=%s\n", pz_param_info_get((pz_param_id)i)->name,
                pz_param_format((pz_param_id)i, sc->param[i], fmt, sizeof fmt));
    for (size_t i = 0; i < sc->ndata; i++)
        fprintf(f, "datafile %s %s\n", sc->data[i].sha256, sc->data[i].path);
    fprintf(f, "text %zu\n", sc->text_len);
    fwrite(sc->text, 1, sc->text_len, f);
    fprintf(f, "\nstate %zu\n", slen);
    fwrite(sbuf, 1, slen, f);
    fputc('\n', f);
    for (size_t k = 0; st == PZ_OK && k < rd->n; k++) {
        const char *base = strrchr(rd->t[k].final, '/');
        base = base ? base + 1 : rd->t[k].final;
        int known = 0;
        for (int j = 0; j < NTABLES; j++)
            known |= strcmp(base, table_names[j]) == 0;
        if (!known)
            continue;
        size_t tl;
        char *tb;
        if (fflush(rd->t[k].f) != 0 ||
            !(tb = pz__read_file(rd->t[k].tmp, &tl))) {
            st = errno == ENOMEM
                     ? pz__fail(err, PZ_ERR_NOMEM, "out of memory")
                     : pz__fail(err, PZ_ERR_IO, "cannot read back '%s'",
                                rd->t[k].tmp);
            break;
        }
        fprintf(f, "table %s %zu\n", base, tl);
        fwrite(tb, 1, tl, f);
        fputc('\n', f);
        pz__free(tb);
    }
    if (fclose(f) != 0 && st == PZ_OK)
        st = pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    free(sbuf); /* libc's */
    if (st == PZ_OK) {
        char hex[65], fin[4096];
        pz__atomic out;
        pz__sha256_hex(buf, len, hex);
        snprintf(fin, sizeof fin, "%s/checkpoint.plz", dir);
        if ((st = pz__atomic_open(&out, fin, err)) == PZ_OK) {
            fwrite(buf, 1, len, out.f);
            fprintf(out.f, "end %s\n", hex);
            st = pz__atomic_commit(&out, err);
        }
    }
    free(buf); /* libc's */
    return st;
}

/* Parsing: a cursor over the file's bytes. */
typedef struct cur {
    const char *p, *end;
    const char *path;
} cur;

static int line(cur *c, const char *key, char *out, size_t n)
{
    size_t kl = strlen(key);
    const char *nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
    if (!nl || (size_t)(nl - c->p) <= kl || memcmp(c->p, key, kl) != 0 ||
        c->p[kl] != ' ')
        return -1;
    size_t vl = (size_t)(nl - c->p) - kl - 1;
    if (vl >= n)
        return -1;
    memcpy(out, c->p + kl + 1, vl);
    out[vl] = '\0';
    c->p = nl + 1;
    return 0;
}

static int block(cur *c, const char *key, char *name, size_t nn,
                 const char **data, size_t *len)
{
    char v[4200];
    if (line(c, key, v, sizeof v) != 0)
        return -1;
    char *sp = name ? strrchr(v, ' ') : NULL;
    if (name) {
        if (!sp || (size_t)(sp - v) >= nn)
            return -1;
        memcpy(name, v, (size_t)(sp - v));
        name[sp - v] = '\0';
    }
    char *e;
    unsigned long long l = strtoull(sp ? sp + 1 : v, &e, 10);
    if (*e != '\0' || l > (unsigned long long)(c->end - c->p) - 1 ||
        c->p[l] != '\n')
        return -1;
    *data = c->p;
    *len = (size_t)l;
    c->p += l + 1;
    return 0;
}

void pz_checkpoint_free(pz_checkpoint *ck)
{
    if (!ck)
        return;
    pz__free(ck->file);
    pz__free(ck);
}

uint32_t pz_checkpoint_replicate(const pz_checkpoint *ck)
{
    return ck->replicate;
}

uint32_t pz_checkpoint_step(const pz_checkpoint *ck)
{
    return ck->step;
}

pz_status pz_checkpoint_read(const char *path, const char *data_dir,
                             pz_scenario **out, pz_checkpoint **ckout,
                             pz_error *err)
{
    size_t len;
    char v[4200], hex[65];
    pz_scenario *sc = NULL;
    pz_status st;
    *out = NULL;
    *ckout = NULL;
    pz_checkpoint *ck = pz__calloc(1, sizeof *ck);
    if (!ck)
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    if (!(ck->file = pz__read_file(path, &len))) {
        /* out of memory is not bad input (test_alloc_commands) */
        st =
            errno == ENOMEM
                ? pz__fail(err, PZ_ERR_NOMEM,
                           "out of memory reading checkpoint '%s'", path)
                : pz__fail(err, PZ_ERR_INPUT, "cannot read checkpoint '%s': %s",
                           path, strerror(errno));
        goto fail;
    }
#define BAD(...)                                                               \
    do {                                                                       \
        st = pz__fail(err, PZ_ERR_INPUT, __VA_ARGS__);                         \
        goto fail;                                                             \
    } while (0)
    if (len < strlen(MAGIC) || memcmp(ck->file, MAGIC, strlen(MAGIC)) != 0)
        BAD("%s: not a plaza checkpoint", path);
    /* the trailing line: end HEX over everything before it */
    if (len < 69 || ck->file[len - 1] != '\n' ||
        memcmp(ck->file + len - 69, "end ", 4) != 0)
        BAD("%s: truncated checkpoint (no 'end' line)", path);
    pz__sha256_hex(ck->file, len - 69, hex);
    if (memcmp(hex, ck->file + len - 65, 64) != 0)
        BAD("%s: corrupt checkpoint (its SHA-256 does not match)", path);
    cur c = {ck->file + strlen(MAGIC), ck->file + len - 69, path};
    char version[64], source[4200], sha[80], ddir[4200], policy[256];
    if (line(&c, "plaza", version, sizeof version) ||
        line(&c, "source", source, sizeof source) ||
        line(&c, "scenario_sha256", sha, sizeof sha) ||
        line(&c, "data_dir", ddir, sizeof ddir) ||
        line(&c, "policy", policy, sizeof policy) ||
        line(&c, "replicate", v, sizeof v))
        BAD("%s: malformed checkpoint header", path);
    if (strcmp(version, PZ_VERSION) != 0)
        BAD("%s: written by plaza %s, this is plaza %s", path, version,
            PZ_VERSION);
    ck->replicate = (uint32_t)strtoul(v, NULL, 10);
    if (line(&c, "step", v, sizeof v))
        BAD("%s: malformed checkpoint header", path);
    ck->step = (uint32_t)strtoul(v, NULL, 10);
    /* parameters: kept as text until the scenario is read */
    const char *params = c.p;
    for (int i = 0; i < PZ_P_COUNT; i++)
        if (line(&c, "param", v, sizeof v))
            BAD("%s: malformed parameter list", path);
    const char *files = c.p;
    size_t nfiles = 0;
    while (line(&c, "datafile", v, sizeof v) == 0)
        nfiles++;
    const char *text, *state;
    size_t tlen;
    if (block(&c, "text", NULL, 0, &text, &tlen) ||
        block(&c, "state", NULL, 0, &state, &ck->state_len))
        BAD("%s: malformed checkpoint body", path);
    ck->state = (char *)(uintptr_t)state;
    while (c.p < c.end) {
        char name[64];
        const char *tb;
        size_t tl;
        if (block(&c, "table", name, sizeof name, &tb, &tl))
            BAD("%s: malformed table block", path);
        for (int j = 0; j < NTABLES; j++)
            if (strcmp(name, table_names[j]) == 0) {
                ck->table[j] = (char *)(uintptr_t)tb;
                ck->table_len[j] = tl;
            }
    }
    /* the scenario, as it was */
    st = pz_scenario_load_text(
        text, tlen, source,
        data_dir ? data_dir : (strcmp(ddir, "-") ? ddir : NULL), &sc, err);
    if (st != PZ_OK)
        goto fail;
    if (strcmp(sc->sha256, sha) != 0)
        BAD("%s: the stored scenario does not match its SHA-256", path);
    if (nfiles != sc->ndata)
        BAD("%s: the scenario read %zu data files, the checkpoint records "
            "%zu",
            path, sc->ndata, nfiles);
    c.p = files;
    for (size_t i = 0; i < nfiles; i++) {
        line(&c, "datafile", v, sizeof v);
        if (strncmp(v, sc->data[i].sha256, 64) != 0)
            BAD("%s: data file '%s' has changed since the checkpoint", path,
                sc->data[i].path);
    }
    c.p = params;
    for (int i = 0; i < PZ_P_COUNT; i++) {
        line(&c, "param", v, sizeof v);
        if ((st = pz_scenario_set(sc, v, err)) != PZ_OK) {
            BAD("%s: stored parameter %s: %s", path, v, err->msg);
        }
    }
    if (strcmp(policy, "-") != 0 &&
        (st = pz_scenario_use_policy(sc, policy, err)) != PZ_OK)
        goto fail;
#undef BAD
    *out = sc;
    *ckout = ck;
    return PZ_OK;
fail:
    pz_scenario_free(sc);
    pz_checkpoint_free(ck);
    return st;
}

pz_status pz__checkpoint_restore(const pz_checkpoint *ck, pz_model *m,
                                 pz_error *err)
{
    FILE *f = fmemopen(ck->state, ck->state_len, "rb");
    if (!f)
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    pz_status st = pz_model_load_state(m, f, err);
    fclose(f);
    return st;
}

const char *pz__checkpoint_table(const pz_checkpoint *ck, const char *name,
                                 size_t *len)
{
    for (int j = 0; j < NTABLES; j++)
        if (strcmp(name, table_names[j]) == 0) {
            *len = ck->table_len[j];
            return ck->table[j];
        }
    *len = 0;
    return NULL;
}
