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
#include "base/limits.h"
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
        pz_status rs = PZ_OK;
        if (fflush(rd->t[k].f) != 0 ||
            (rs = pz__read_file(rd->t[k].tmp, PZ__LIMIT_CHECKPOINT, "table",
                                &tb, &tl, NULL)) != PZ_OK) {
            /* out of memory is not an I/O error (test_alloc_commands) */
            st = rs == PZ_ERR_NOMEM
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

/* Parsing: a cursor over the file's bytes.  Every header field is checked
 * as strictly as a scenario's value (its syntax, its range, against the
 * scenario it belongs to), since the SHA-256 only proves that the file is
 * whole, not that it was written by plaza. */
typedef struct cur {
    const char *p, *end;
    const char *path;
    const char *start; /* the file's first byte, for line numbers */
} cur;

/* The 1-based line of the cursor. */
static size_t line_no(const cur *c)
{
    size_t n = 1;
    for (const char *q = c->start; q < c->p; q++)
        n += *q == '\n';
    return n;
}

/* Reads the line "KEY VALUE" into out, or fails naming the line. */
static pz_status field(cur *c, const char *key, char *out, size_t n,
                       pz_error *err);

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

static pz_status field(cur *c, const char *key, char *out, size_t n,
                       pz_error *err)
{
    size_t at = line_no(c);
    if (line(c, key, out, n) == 0)
        return PZ_OK;
    const char *nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
    int shown = nl ? (int)(nl - c->p < 60 ? nl - c->p : 60) : 0;
    return pz__fail(err, PZ_ERR_INPUT,
                    "%s:%zu: malformed checkpoint header: expected '%s "
                    "VALUE', got '%.*s'",
                    c->path, at, key, shown, c->p);
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
    unsigned long long l;
    if (c->p >= c->end ||
        pz_parse_uint(sp ? sp + 1 : v, (unsigned long long)(c->end - c->p) - 1,
                      &l, NULL) != PZ_OK ||
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
    /* the bounded reader: a regular file of at most PZ__LIMIT_CHECKPOINT
     * bytes (not a FIFO or device, which could block or never end) */
    if ((st = pz__read_file(path, PZ__LIMIT_CHECKPOINT, "checkpoint", &ck->file,
                            &len, err)) != PZ_OK)
        goto fail;
#define BAD(...)                                                               \
    do {                                                                       \
        st = pz__fail(err, PZ_ERR_INPUT, __VA_ARGS__);                         \
        goto fail;                                                             \
    } while (0)
    if (len < strlen(MAGIC) || memcmp(ck->file, MAGIC, strlen(MAGIC)) != 0) {
        const char *nl = memchr(ck->file, '\n', len);
        if (len > 17 && memcmp(ck->file, MAGIC, 17) == 0 && nl)
            BAD("%s:1: checkpoint format '%.*s' is not supported (this plaza "
                "reads '%.*s')",
                path, (int)(nl - ck->file), ck->file, (int)strlen(MAGIC) - 1,
                MAGIC);
        BAD("%s: not a plaza checkpoint (its first line is not '%.*s')", path,
            (int)strlen(MAGIC) - 1, MAGIC);
    }
    /* the trailing line: end HEX over everything before it */
    if (len < 69 || ck->file[len - 1] != '\n' ||
        memcmp(ck->file + len - 69, "end ", 4) != 0)
        BAD("%s: truncated checkpoint (no 'end' line)", path);
    pz__sha256_hex(ck->file, len - 69, hex);
    if (memcmp(hex, ck->file + len - 65, 64) != 0)
        BAD("%s: corrupt checkpoint (its SHA-256 does not match)", path);
    cur c = {ck->file + strlen(MAGIC), ck->file + len - 69, path, ck->file};
    char version[64], source[4200], sha[80], ddir[4200], policy[256];
    size_t rep_line, step_line;
    unsigned long long u;
    if ((st = field(&c, "plaza", version, sizeof version, err)) != PZ_OK)
        goto fail;
    if (strcmp(version, PZ_VERSION) != 0)
        BAD("%s:2: written by plaza %s, this is plaza %s", path, version,
            PZ_VERSION);
    if ((st = field(&c, "source", source, sizeof source, err)) != PZ_OK)
        goto fail;
    if (!*source)
        BAD("%s:3: source: empty scenario name", path);
    if ((st = field(&c, "scenario_sha256", sha, sizeof sha, err)) != PZ_OK)
        goto fail;
    if (strlen(sha) != 64 || strspn(sha, "0123456789abcdef") != 64)
        BAD("%s:4: scenario_sha256: expected 64 hexadecimal digits, got '%s'",
            path, sha);
    if ((st = field(&c, "data_dir", ddir, sizeof ddir, err)) != PZ_OK ||
        (st = field(&c, "policy", policy, sizeof policy, err)) != PZ_OK)
        goto fail;
    if (!*ddir || !*policy)
        BAD("%s:%d: %s: empty value", path, *ddir ? 6 : 5,
            *ddir ? "policy" : "data_dir");
    rep_line = line_no(&c);
    if ((st = field(&c, "replicate", v, sizeof v, err)) != PZ_OK)
        goto fail;
    if (pz_parse_uint(v, UINT32_MAX, &u, NULL) != PZ_OK)
        BAD("%s:%zu: replicate: must be an integer in [0, %u], got '%s'", path,
            rep_line, UINT32_MAX, v);
    ck->replicate = (uint32_t)u;
    step_line = line_no(&c);
    if ((st = field(&c, "step", v, sizeof v, err)) != PZ_OK)
        goto fail;
    if (pz_parse_uint(v, UINT32_MAX, &u, NULL) != PZ_OK)
        BAD("%s:%zu: step: must be an integer in [0, %u], got '%s'", path,
            step_line, UINT32_MAX, v);
    ck->step = (uint32_t)u; /* against the scenario's steps below */
    /* parameters: every one, in the table's order; values kept as text
     * until the scenario is read */
    const char *params = c.p;
    size_t params_line = line_no(&c);
    for (int i = 0; i < PZ_P_COUNT; i++) {
        size_t at = line_no(&c);
        const char *name = pz_param_info_get((pz_param_id)i)->name;
        if ((st = field(&c, "param", v, sizeof v, err)) != PZ_OK)
            goto fail;
        char *eq = strchr(v, '=');
        if (eq)
            *eq = '\0';
        if (pz_param_lookup(v) < 0)
            BAD("%s:%zu: param: unknown parameter '%s'", path, at, v);
        if (!eq || strcmp(v, name) != 0)
            BAD("%s:%zu: param: expected '%s=VALUE' (every parameter once, in "
                "the order of 'plaza params'), got '%s%s'",
                path, at, name, v, eq ? "=..." : "");
    }
    const char *files = c.p;
    size_t nfiles = 0;
    for (;;) {
        size_t at = line_no(&c);
        if (line(&c, "datafile", v, sizeof v) != 0)
            break;
        if (strlen(v) < 66 || strspn(v, "0123456789abcdef") != 64 ||
            v[64] != ' ')
            BAD("%s:%zu: datafile: expected 'HEX PATH' (a SHA-256 of 64 "
                "hexadecimal digits), got '%s'",
                path, at, v);
        nfiles++;
    }
    const char *text, *state;
    size_t tlen;
    size_t at = line_no(&c);
    if (block(&c, "text", NULL, 0, &text, &tlen))
        BAD("%s:%zu: malformed checkpoint body: expected 'text LENGTH' and "
            "the scenario",
            path, at);
    at = line_no(&c);
    if (block(&c, "state", NULL, 0, &state, &ck->state_len))
        BAD("%s:%zu: malformed checkpoint body: expected 'state LENGTH' and "
            "the model's state",
            path, at);
    ck->state = (char *)(uintptr_t)state;
    while (c.p < c.end) {
        char name[64];
        const char *tb;
        size_t tl;
        size_t tat = line_no(&c);
        if (block(&c, "table", name, sizeof name, &tb, &tl))
            BAD("%s:%zu: malformed table block", path, tat);
        int known = 0;
        for (int j = 0; j < NTABLES; j++)
            if (strcmp(name, table_names[j]) == 0) {
                known = 1;
                ck->table[j] = (char *)(uintptr_t)tb;
                ck->table_len[j] = tl;
            }
        if (!known)
            BAD("%s:%zu: table: unknown table '%s'", path, tat, name);
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
        pz_error why;
        double x;
        line(&c, "param", v, sizeof v);
        const char *value = strchr(v, '=') + 1; /* checked above */
        if (pz_param_parse((pz_param_id)i, value, &x, &why) != PZ_OK ||
            pz_scenario_set(sc, v, &why) != PZ_OK)
            BAD("%s:%zu: param %s: %s", path, params_line + (size_t)i, v,
                why.msg);
    }
    uint32_t steps = (uint32_t)pz_scenario_param(sc, PZ_P_STEPS);
    if (ck->step > steps)
        BAD("%s:%zu: step: must be in [0, %u] (the scenario's steps), got %u",
            path, step_line, steps, ck->step);
    if (strcmp(policy, "-") != 0) {
        pz_error why;
        if (pz_scenario_use_policy(sc, policy, &why) != PZ_OK)
            BAD("%s:6: policy: %s", path, why.msg);
    }
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
