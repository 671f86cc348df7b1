/*
 * national.c - the national model's solver: one number per group
 * (docs/MODEL.md), the week's flows of a model without regions.
 *
 * Each week, group i of C_i members recruits, loses members to arrest
 * (incapacitation), to conflict with other groups and to saturation:
 *
 *   recruits_i = rho' C_i         rho' = rho exp(-d max(0, a/a0 - 1))
 *   arrests_i  = eta C_i / S      (fixed)  or  iota C_i  (proportional)
 *   deaths_i   = theta C_i (K C)_i,  K_ij = (b + R_ij)/(A_i + 1), K_ii = 0
 *   exits_i    = omega C_i^2
 *
 * with S = sum C, a = national arrests per member, b = 1 (pc2023 kernel)
 * or 0 (rivals only).  K is never formed: (K C)_i = (b (S - C_i) +
 * sum_j R_ij C_j)/(A_i + 1) costs one pass over the sparse rivalries, so a
 * step is O(groups + rivalries) instead of O(groups^2).
 *
 * Deterministic mode integrates the ODE with classical Runge-Kutta (or the
 * weekly difference equation, 'euler'); the flows are integrated with the
 * same weights, so members(t+1) = members(t) + recruits - arrests - deaths
 * - exits holds to rounding.  Stochastic mode keeps integer members and
 * draws, per group and week: recruits ~ Poisson(rho' C_i); leavers ~
 * Binomial(C_i, min(1, h_i)) with h_i the per-member hazard of arrest,
 * death and exit; the leavers split among the three by a multinomial in
 * proportion to their hazards.  Its expectation over one week equals the
 * difference equation's.  Every draw comes from the counter-based stream
 * (seed, replicate, GROUP_EVENTS, group, week), so results do not depend
 * on the order groups are visited in.
 *
 * Recruitment, enforcement and conflict switched off (model/mechanism.h)
 * make rho', the arrests and theta 0.  The homicides and checks follow in
 * model/accounting.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/mechanism.h"
#include "model/state.h"

/* Rates of the four flows at state C (every entry >= 0). */
static void flow_rates(const pz_model *m, const double *C, rates *k)
{
    const double *p = m->p;
    size_t n = m->n;
    double S = 0, risk;
    for (size_t i = 0; i < n; i++)
        S += C[i];
    double rho = pz__recruitment(m, S, &risk);
    double b = p[PZ_P_CONFLICT_KERNEL] == PZ_KERNEL_PC2023 ? 1.0 : 0.0;
    double theta = p[PZ_P_CONFLICT_RATE], omega = p[PZ_P_SATURATION];
    double conf = p[PZ_P_CONFRONTATION];
    /* a mechanism switched off: its rate 0 (0 times a finite number) */
    if (!m->on[PZ__M_RECRUITMENT])
        rho = 0;
    if (!m->on[PZ__M_CONFLICT])
        theta = 0;
    if (!m->on[PZ__M_ENFORCEMENT])
        conf = 0; /* and risk is 0 (pz__recruitment) */
    const size_t *row = m->row, *col = m->col;
    const double *w = m->w, *inv = m->inv_ally;
    for (size_t i = 0; i < n; i++) {
        double c = C[i], rc = 0;
        for (size_t e = row[i]; e < row[i + 1]; e++)
            rc += w[e] * C[col[e]];
        double kc = (b * (S - c) + rc) * inv[i];
        k->rec[i] = rho * c;
        k->arr[i] = risk * c;
        k->dea[i] = theta * c * kc;
        k->exi[i] = omega * c * c;
    }
    if (conf > 0) /* members killed in clashes with the state */
        for (size_t i = 0; i < n; i++)
            k->dea[i] += conf * k->arr[i];
}

/* out = C + h (net rate of k), clamped at zero so that every state the
 * rates are evaluated at is non-negative. */
static void stage(const pz_model *m, const double *C, const rates *k, double h,
                  double *out)
{
    for (size_t i = 0; i < m->n; i++) {
        double x = C[i] + h * (k->rec[i] - k->arr[i] - k->dea[i] - k->exi[i]);
        out[i] = x > 0 ? x : 0;
    }
}

static void step_deterministic(pz_model *m)
{
    size_t n = m->n;
    int sub = (int)m->p[PZ_P_SUBSTEPS];
    double h = 1.0 / sub, h6 = h / 6;
    int rk4 = m->p[PZ_P_SOLVER] == PZ_SOLVER_RK4;
    const rates *k = m->k;
    for (int s = 0; s < sub; s++) {
        flow_rates(m, m->C, &m->k[0]);
        if (rk4) {
            stage(m, m->C, &m->k[0], h / 2, m->tmp);
            flow_rates(m, m->tmp, &m->k[1]);
            stage(m, m->C, &m->k[1], h / 2, m->tmp);
            flow_rates(m, m->tmp, &m->k[2]);
            stage(m, m->C, &m->k[2], h, m->tmp);
            flow_rates(m, m->tmp, &m->k[3]);
        }
        for (size_t i = 0; i < n; i++) {
            double R, A, D, E;
            if (rk4) {
                R = h6 * (k[0].rec[i] + 2 * (k[1].rec[i] + k[2].rec[i]) +
                          k[3].rec[i]);
                A = h6 * (k[0].arr[i] + 2 * (k[1].arr[i] + k[2].arr[i]) +
                          k[3].arr[i]);
                D = h6 * (k[0].dea[i] + 2 * (k[1].dea[i] + k[2].dea[i]) +
                          k[3].dea[i]);
                E = h6 * (k[0].exi[i] + 2 * (k[1].exi[i] + k[2].exi[i]) +
                          k[3].exi[i]);
            } else {
                R = h * k[0].rec[i];
                A = h * k[0].arr[i];
                D = h * k[0].dea[i];
                E = h * k[0].exi[i];
            }
            /* never below zero: shrink the losses to what there is */
            double loss = A + D + E, have = m->C[i] + R;
            double next = have - loss;
            if (loss > have) {
                double f = have > 0 ? have / loss : 0;
                A *= f;
                D *= f;
                E *= f;
                next = 0;
            }
            if (s == 0) {
                m->rec[i] = R;
                m->arr[i] = A;
                m->dea[i] = D;
                m->exi[i] = E;
            } else {
                m->rec[i] += R;
                m->arr[i] += A;
                m->dea[i] += D;
                m->exi[i] += E;
            }
            m->C[i] = next;
        }
    }
}

static void step_stochastic(pz_model *m)
{
    size_t n = m->n;
    rates *k = &m->k[0];
    flow_rates(m, m->C, k);
    for (size_t i = 0; i < n; i++) {
        double c = m->C[i];
        unsigned out[3] = {0, 0, 0};
        double rec = 0;
        pz_rng_seek(&m->rng, PZ_STREAM_GROUP_EVENTS, (uint32_t)i, m->t);
        if (c > 0) {
            rec = pz_rng_poisson(&m->rng, k->rec[i]);
            double loss = k->arr[i] + k->dea[i] + k->exi[i];
            double hz = loss / c; /* per-member hazard this week */
            unsigned leave =
                pz_rng_binomial(&m->rng, hz < 1 ? hz : 1, (unsigned)c);
            double wts[3] = {k->arr[i], k->dea[i], k->exi[i]};
            if (leave > 0)
                pz_rng_multinomial(&m->rng, 3, leave, wts, out);
        }
        m->rec[i] = rec;
        m->arr[i] = out[0];
        m->dea[i] = out[1];
        m->exi[i] = out[2];
        m->C[i] = c + rec - out[0] - out[1] - out[2];
    }
}

static pz_status national_step(pz_model *m, void *st)
{
    (void)st;
    if (m->reg)
        return PZ_OK; /* with regions: model/flows.c */
    if (m->p[PZ_P_MODE] == PZ_MODE_DETERMINISTIC)
        step_deterministic(m);
    else
        step_stochastic(m);
    return PZ_OK;
}

const pz__mechanism pz__mech_national = {
    .name = "national",
    .sw = -1,
    .step = national_step,
};
