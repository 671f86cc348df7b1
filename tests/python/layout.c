/*
 * layout.c - prints the sizes and field offsets of the public structures
 * and the values of the enumerations that the Python package declares to
 * cffi (python/plaza/_lib.py), one "name value" a line, for
 * tests/python/test_layout.py to compare with cffi's: ABI mode takes the
 * layout from those declarations, so they must match the headers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stddef.h>
#include <stdio.h>

#include "plaza/compare.h"
#include "plaza/ensemble.h"
#include "plaza/model.h"
#include "plaza/params.h"
#include "plaza/plaza.h"

#define SIZE(T)     printf("sizeof %s %zu\n", #T, sizeof(T))
#define FIELD(T, f) printf("offsetof %s.%s %zu\n", #T, #f, offsetof(T, f))
#define VALUE(c)    printf("value %s %ld\n", #c, (long)(c))

int main(void)
{
    SIZE(pz_error);
    FIELD(pz_error, status);
    FIELD(pz_error, msg);
    SIZE(pz_param_info);
    FIELD(pz_param_info, name);
    FIELD(pz_param_info, type);
    FIELD(pz_param_info, unit);
    FIELD(pz_param_info, def);
    FIELD(pz_param_info, min);
    FIELD(pz_param_info, max);
    FIELD(pz_param_info, choices);
    FIELD(pz_param_info, dynamic);
    FIELD(pz_param_info, description);
    FIELD(pz_param_info, source);
    SIZE(pz_flows);
    FIELD(pz_flows, members);
    FIELD(pz_flows, recruits);
    FIELD(pz_flows, arrests);
    FIELD(pz_flows, deaths);
    FIELD(pz_flows, exits);
    SIZE(pz_region_stats);
    FIELD(pz_region_stats, population);
    FIELD(pz_region_stats, members);
    FIELD(pz_region_stats, homicides);
    FIELD(pz_region_stats, deaths);
    FIELD(pz_region_stats, arrests);
    FIELD(pz_region_stats, controller);
    FIELD(pz_region_stats, controller_share);
    FIELD(pz_region_stats, groups);
    SIZE(pz_event);
    FIELD(pz_event, kind);
    FIELD(pz_event, outcome);
    FIELD(pz_event, scripted);
    FIELD(pz_event, group);
    FIELD(pz_event, other);
    FIELD(pz_event, region);
    FIELD(pz_event, first_new);
    FIELD(pz_event, new_count);
    FIELD(pz_event, faction);
    FIELD(pz_event, members);
    SIZE(pz_gov_stats);
    FIELD(pz_gov_stats, offices);
    FIELD(pz_gov_stats, indirect);
    FIELD(pz_gov_stats, direct);
    FIELD(pz_gov_stats, bribes);
    FIELD(pz_gov_stats, officials_killed);
    FIELD(pz_gov_stats, candidates_killed);
    SIZE(pz_ensemble_options);
    FIELD(pz_ensemble_options, out_dir);
    FIELD(pz_ensemble_options, n);
    FIELD(pz_ensemble_options, threads);
    FIELD(pz_ensemble_options, command);
    FIELD(pz_ensemble_options, db);
    FIELD(pz_ensemble_options, progress);
    FIELD(pz_ensemble_options, progress_ud);
    FIELD(pz_ensemble_options, rank);
    FIELD(pz_ensemble_options, nranks);
    FIELD(pz_ensemble_options, combine);
    FIELD(pz_ensemble_options, combine_ud);
    SIZE(pz_compare_options);
    FIELD(pz_compare_options, first);
    FIELD(pz_compare_options, n);
    FIELD(pz_compare_options, db);
    FIELD(pz_compare_options, command);
    SIZE(pz_compare_interval);
    FIELD(pz_compare_interval, mean);
    FIELD(pz_compare_interval, half);
    SIZE(pz_compare_summary);
    FIELD(pz_compare_summary, n);
    FIELD(pz_compare_summary, independent);
    FIELD(pz_compare_summary, crn);
    FIELD(pz_compare_summary, ind);
    /* enumerations: their C type's size, and every value declared */
    SIZE(pz_status);
    SIZE(pz_param_id);
    SIZE(pz_param_type);
    SIZE(pz_level);
    SIZE(pz_event_kind);
    SIZE(pz_event_outcome);
    SIZE(pz_gov_level);
    VALUE(PZ_OK);
    VALUE(PZ_ERR_INPUT);
    VALUE(PZ_ERR_NOMEM);
    VALUE(PZ_ERR_IO);
    VALUE(PZ_ERR_INTERNAL);
    VALUE(PZ_PARAM_REAL);
    VALUE(PZ_PARAM_INT);
    VALUE(PZ_PARAM_ENUM);
    VALUE(PZ_PARAM_DATE);
    VALUE(PZ_LEVEL_REGIONS);
    VALUE(PZ_LEVEL_STATES);
    VALUE(PZ_EVENT_CAPTURE);
    VALUE(PZ_EVENT_KILLING);
    VALUE(PZ_EVENT_EXTRADITION);
    VALUE(PZ_EVENT_DEFECTION);
    VALUE(PZ_EVENT_BREAKAWAY);
    VALUE(PZ_EVENT_TRANSFER);
    VALUE(PZ_EVENT_LIEUTENANT);
    VALUE(PZ_OUTCOME_NONE);
    VALUE(PZ_OUTCOME_SUCCESSION);
    VALUE(PZ_OUTCOME_SPLIT);
    VALUE(PZ_OUTCOME_DEFECTED);
    VALUE(PZ_GOV_MUNICIPAL);
    VALUE(PZ_GOV_STATE);
    VALUE(PZ_GOV_FEDERAL);
    VALUE(PZ_COMPARE_MEMBERS);
    VALUE(PZ_COMPARE_DEATHS);
    VALUE(PZ_COMPARE_ARRESTS);
    VALUE(PZ_COMPARE_HOMICIDES);
    VALUE(PZ_COMPARE_NOUT);
    return 0;
}
