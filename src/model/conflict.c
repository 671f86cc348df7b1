/*
 * conflict.c - deaths from rivalry (docs/MODEL.md section 7.5, mechanism M1),
 * with the succession shocks and the conflict multipliers of the regions.
 *
 * Each week, for every cell of x > 0 members of group g in region r, the
 * rivalry deaths
 *
 *   theta x kc m_r,   kc = locality sum_{h in r, h != g, not allied}
 *                            K_gh x_h                      (local scope)
 *                        = (K C)_g                         (national scope)
 *
 * with K_gh = (b + R_gh)/(A_g + 1) (b = local_baseline, or 1 with the
 * national scope's pc2023 kernel).  Succession violence multiplies the
 * conflict between g and h by 1 + shock_g + shock_h; the region's
 * multiplier m_r is the lieutenants' calm (1 - calm_r, written by the
 * leaders) times the post-election heat (1 + heat_r, written by the
 * government).  The deaths go to the shared per-cell array r->dc, which
 * model/flows.c adds to a cell's deaths; war deaths (model/wars.c) are
 * multiplied by m_r there too.  Switched off: no deaths from rivalry nor
 * war (the flows read no r->dc and no war deaths).
 *
 * Speed: local conflict with and without the succession shocks in one
 * pass over the group's allies and rivals (local_kc), each sum in its own
 * order; whether a rival is an ally is looked up once per change of the
 * network or the alliances (r->rival), and the rivals absent from the
 * region add +-0.0 instead of being skipped by a branch.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/internal.h"
#include "model/mechanism.h"
#include "model/state.h"

/* Local conflict of group g in the region whose members per group are in
 * x (total T): the sum over the other, non-allied groups present of
 * K_gh x_h, K_gh = (b + R_gh)/(A_g + 1), in O(allies + rivals of g):
 * b (T - x_g - allies' members) + sum over non-allied rivals R_gh x_h.
 * With xs (total Ts) not NULL, the same of xs in *ks, in the same pass
 * (each sum in the order it would have alone). */
static double local_kc(const pz_model *m, const double *x, double T,
                       const double *xs, double Ts, uint32_t g, double b,
                       double *ks)
{
    const pz__regional *r = m->reg;
    double s = b * (T - x[g]), ss = xs ? b * (Ts - xs[g]) : 0;
    for (size_t e = r->ally_row[g]; e < r->ally_row[g + 1]; e++) {
        s -= b * x[r->ally_col[e]];
        if (xs)
            ss -= b * xs[r->ally_col[e]];
    }
    /* the rivals present and not allied, without a branch on their
     * presence (mispredicted): the others' terms are 0 times a finite
     * number, +-0.0, which leave s as it is (s is never -0.0: T >= x[g]
     * and the terms are >= 0) */
    const double *nal = r->rival;
    if (!xs)
        for (size_t e = m->row[g]; e < m->row[g + 1]; e++) {
            uint32_t h = (uint32_t)m->col[e];
            s += (double)(x[h] > 0) * nal[e] * (m->w[e] * x[h]);
        }
    else
        for (size_t e = m->row[g]; e < m->row[g + 1]; e++) {
            uint32_t h = (uint32_t)m->col[e];
            s += (double)(x[h] > 0) * nal[e] * (m->w[e] * x[h]);
            ss += (double)(xs[h] > 0) * nal[e] * (m->w[e] * xs[h]);
        }
    if (xs)
        *ks = ss * m->inv_ally[g];
    return s * m->inv_ally[g];
}

/* r->rival for m's network and the alliances in force, when stale (the
 * rivals' alliances looked up once per change, not per cell). */
static int rival_update(pz_model *m)
{
    pz__regional *r = m->reg;
    if (r->rival_ok && r->rival_ver == m->netver)
        return 0;
    size_t nnz = m->row[r->G];
    if (nnz + 1 > r->rivalcap) {
        double *a = pz__realloc(r->rival, (nnz + 1) * sizeof *a);
        if (!a)
            return -1;
        r->rival = a;
        r->rivalcap = nnz + 1;
    }
    for (size_t g = 0; g < r->G; g++)
        for (size_t e = m->row[g]; e < m->row[g + 1]; e++)
            r->rival[e] =
                pz__regional_allied(m, (uint32_t)g, (uint32_t)m->col[e]) ? 0
                                                                         : 1;
    r->rival_ok = 1;
    r->rival_ver = m->netver;
    return 0;
}

/* National scope: (K C)_g and, with shocks, the kernel applied to C x
 * shock, for every group. */
static void national_kernel(pz_model *m, double b, int anyshock)
{
    pz__regional *r = m->reg;
    const double *sh = m->shock;
    double S = r->S;
    double Ss = 0;
    for (size_t g = 0; anyshock && g < m->n; g++)
        Ss += m->C[g] * sh[g];
    for (size_t g = 0; g < r->G; g++) {
        double rc = 0, rs = 0;
        for (size_t e = m->row[g]; e < m->row[g + 1]; e++) {
            rc += m->w[e] * m->C[m->col[e]];
            if (anyshock)
                rs += m->w[e] * m->C[m->col[e]] * sh[m->col[e]];
        }
        r->KC[g] = (b * (S - m->C[g]) + rc) * m->inv_ally[g];
        r->KCs[g] =
            anyshock ? (b * (Ss - m->C[g] * sh[g]) + rs) * m->inv_ally[g] : 0;
    }
}

/* The regions' multipliers: the lieutenants' calm times the government's
 * heat (each 1 when its mechanism is off: calm and heat stay 0). */
static void multipliers(pz__regional *r)
{
    for (size_t i = 0; i < r->R; i++) {
        if (r->cells[i].n == 0)
            continue;
        double c = r->calm[i];
        double h = c < 1 ? 1 - c : 0;
        h *= 1 + r->heat[i];
        r->mult[i] = h;
    }
}

/* The rivalry deaths of every cell of region i, into r->dc + k0. */
static void region_deaths(pz_model *m, size_t i, size_t k0, int local,
                          int anyshock, double bl, double loc, double theta)
{
    pz__regional *r = m->reg;
    const double *sh = m->shock;
    const rlist *l = &r->cells[i];
    double Mi = r->M[i], heat = r->mult[i];
    /* the week's start state for every cell first, so that local
     * conflict sees the same state whatever the order */
    double Ts = 0;
    int hot = 0;
    for (uint32_t c = 0; c < l->n; c++) {
        uint32_t g = l->c[c].g;
        double x = l->c[c].x > 0 ? l->c[c].x : 0;
        r->dense[g] = x;
        r->dense_s[g] = x * sh[g];
        Ts += x * sh[g];
        hot |= sh[g] > 0;
    }
    for (uint32_t c = 0; c < l->n; c++) {
        uint32_t g = l->c[c].g;
        double x = l->c[c].x;
        if (x <= 0)
            continue;
        double kcs = 0;
        double kc =
            local ? loc * local_kc(m, r->dense, Mi, hot ? r->dense_s : NULL, Ts,
                                   g, bl, &kcs)
                  : r->KC[g];
        if (hot && local)
            kc = (1 + sh[g]) * kc + loc * kcs;
        else if (anyshock && !local)
            kc = (1 + sh[g]) * kc + r->KCs[g];
        kc *= heat; /* the government's heat, the lieutenants' calm */
        r->dc[k0 + c] = theta * x * kc;
    }
    for (uint32_t c = 0; c < l->n; c++) {
        r->dense[l->c[c].g] = 0;
        r->dense_s[l->c[c].g] = 0;
    }
}

static pz_status conflict_step(pz_model *m, void *st)
{
    (void)st;
    pz__regional *r = m->reg;
    if (!r)
        return PZ_OK; /* without regions: model/national.c */
    const double *p = m->p;
    double b = p[PZ_P_CONFLICT_KERNEL] == PZ_KERNEL_PC2023 ? 1.0 : 0.0;
    double theta = p[PZ_P_CONFLICT_RATE];
    double loc = p[PZ_P_CONFLICT_LOCALITY];
    double bl = b * p[PZ_P_LOCAL_BASELINE]; /* b of the local kernel */
    int local = p[PZ_P_CONFLICT_SCOPE] == PZ_SCOPE_LOCAL;
    if (local && rival_update(m) != 0) {
        snprintf(m->errmsg, sizeof m->errmsg, "out of memory");
        return PZ_ERR_NOMEM;
    }
    /* succession violence: conflict between g and h is multiplied by
     * 1 + shock_g + shock_h */
    int anyshock = 0;
    for (size_t g = 0; g < m->n && !anyshock; g++)
        anyshock = m->shock[g] > 0;
    if (!local)
        national_kernel(m, b, anyshock);
    multipliers(r);
    size_t k0 = 0; /* the region's first cell in the per-cell arrays */
    for (size_t i = 0; i < r->R; k0 += r->cells[i].n, i++)
        region_deaths(m, i, k0, local, anyshock, bl, loc, theta);
    return PZ_OK;
}

const pz__mechanism pz__mech_conflict = {
    .name = "conflict",
    .sw = PZ__SW_CONFLICT,
    .step = conflict_step,
};
