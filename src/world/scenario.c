/*
 * scenario.c - the scenario as data: freeing it, its parameters and
 * policies, and the accessors of plaza/scenario.h.  Reading one from YAML
 * is io/scenario.c's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/calendar.h"
#include "base/internal.h"
#include "plaza/params.h"
#include "world/scenario.h"

void pz_scenario_free(pz_scenario *sc)
{
    if (!sc)
        return;
    pz__free(sc->name);
    pz__free(sc->description);
    pz__free(sc->source);
    pz__free(sc->text);
    pz__free(sc->data_dir);
    pz__network_release(&sc->net);
    pz__geo_release(&sc->geo);
    pz__free(sc->home);
    pz__free(sc->timeline);
    for (size_t i = 0; i < sc->nelect; i++)
        pz__free(sc->elect[i].day);
    pz__free(sc->elect);
    pz__free(sc->arrange);
    pz__free(sc->integ);
    for (size_t i = 0; i < sc->nmask; i++)
        pz__free(sc->mask[i]);
    pz__free(sc->mask);
    pz__free(sc->masklen);
    for (size_t i = 0; i < sc->npolicy; i++) {
        pz__free(sc->policy[i].name);
        pz__free(sc->policy[i].description);
        pz__free(sc->policy[i].change);
    }
    pz__free(sc->policy);
    for (size_t i = 0; i < sc->ndata; i++)
        pz__free(sc->data[i].path);
    pz__free(sc->data);
    pz__free(sc);
}

pz_status pz_scenario_set(pz_scenario *sc, const char *assignment,
                          pz_error *err)
{
    char name[128];
    pz_error why;
    const char *eq = strchr(assignment, '=');
    if (!eq || eq == assignment || (size_t)(eq - assignment) >= sizeof name)
        return pz__fail(err, PZ_ERR_INPUT, "--set %s: expected KEY=VALUE",
                        assignment);
    memcpy(name, assignment, (size_t)(eq - assignment));
    name[eq - assignment] = '\0';
    int id = pz_param_lookup(name);
    if (id < 0)
        return pz__fail(err, PZ_ERR_INPUT,
                        "--set %s: unknown parameter '%s' (see 'plaza params')",
                        assignment, name);
    if (pz_param_parse((pz_param_id)id, eq + 1, &sc->param[id], &why) != PZ_OK)
        return pz__fail(err, PZ_ERR_INPUT, "--set %s: %s: %s", assignment, name,
                        why.msg);
    return PZ_OK;
}

pz_status pz_scenario_use_policy(pz_scenario *sc, const char *policy,
                                 pz_error *err)
{
    if (!policy) {
        sc->selected = -1;
        return PZ_OK;
    }
    for (size_t i = 0; i < sc->npolicy; i++) {
        if (strcmp(sc->policy[i].name, policy) == 0) {
            sc->selected = (long)i;
            return PZ_OK;
        }
    }
    char list[512] = "";
    size_t off = 0;
    for (size_t i = 0; i < sc->npolicy && off < sizeof list; i++)
        off += (size_t)snprintf(list + off, sizeof list - off, "%s%s",
                                i ? ", " : "", sc->policy[i].name);
    return pz__fail(err, PZ_ERR_INPUT,
                    "--policy %s: no such policy in %s (%s%s)", policy,
                    sc->source, sc->npolicy ? "it has: " : "it has none", list);
}

double pz_scenario_param(const pz_scenario *sc, pz_param_id id)
{
    return sc->param[id];
}

const char *pz_scenario_name(const pz_scenario *sc)
{
    return sc->name;
}

const char *pz_scenario_source(const pz_scenario *sc)
{
    return sc->source;
}

const char *pz_scenario_sha256(const pz_scenario *sc)
{
    return sc->sha256;
}

size_t pz_scenario_group_count(const pz_scenario *sc)
{
    return sc->net.n;
}

const char *pz_scenario_group_name(const pz_scenario *sc, size_t i)
{
    return i < sc->net.n ? sc->net.g[i].name : NULL;
}

size_t pz_scenario_policy_count(const pz_scenario *sc)
{
    return sc->npolicy;
}

const char *pz_scenario_policy_name(const pz_scenario *sc, size_t i)
{
    return i < sc->npolicy ? sc->policy[i].name : NULL;
}

const char *pz_scenario_policy_description(const pz_scenario *sc, size_t i)
{
    if (i >= sc->npolicy)
        return NULL;
    return sc->policy[i].description ? sc->policy[i].description : "";
}

const char *pz_scenario_policy(const pz_scenario *sc)
{
    return sc->selected >= 0 ? sc->policy[sc->selected].name : NULL;
}

const char *const pz__switch_names[PZ__SW_COUNT] = {
    [PZ__SW_TIMELINE] = "timeline",       [PZ__SW_LEADERS] = "leaders",
    [PZ__SW_GOVERNMENT] = "government",   [PZ__SW_WARS] = "wars",
    [PZ__SW_CONFLICT] = "conflict",       [PZ__SW_ENFORCEMENT] = "enforcement",
    [PZ__SW_RECRUITMENT] = "recruitment", [PZ__SW_MOVEMENT] = "movement",
};

long pz__change_step(const pz__change *c, long start)
{
    if (!c->has_date)
        return c->step;
    long days = c->day - start;
    /* the first step on or after the day */
    return days <= 0 ? 0 : (days + PZ__DAYS_PER_WEEK - 1) / PZ__DAYS_PER_WEEK;
}

long pz_scenario_policy_start(const pz_scenario *sc)
{
    long first = -1;
    if (sc->selected < 0)
        return -1;
    const pz__policy *p = &sc->policy[sc->selected];
    for (size_t i = 0; i < p->n; i++) {
        long s = pz__change_step(&p->change[i], (long)sc->param[PZ_P_START]);
        if (first < 0 || s < first)
            first = s;
    }
    return first;
}

size_t pz_scenario_data_file_count(const pz_scenario *sc)
{
    return sc->ndata;
}

const char *pz_scenario_data_file(const pz_scenario *sc, size_t i,
                                  const char **sha256)
{
    if (i >= sc->ndata)
        return NULL;
    if (sha256)
        *sha256 = sc->data[i].sha256;
    return sc->data[i].path;
}
