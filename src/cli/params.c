/*
 * params.c - `plaza params`: every parameter with its unit, default,
 * range, meaning and source (as text, or as the Markdown table of
 * docs/PARAMETERS.md); `plaza show-default`: the embedded default
 * scenario.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>

#include "cli/cli.h"
#include "plaza/params.h"
#include "plaza/scenario.h"

typedef struct params_opts {
    int markdown;
} params_opts;

const size_t params_opts_size = sizeof(params_opts);

const cli_option params_options[] = {
    CLI_OPT_FLAG(0, "markdown", params_opts, markdown, 1,
                 "a Markdown table (docs/PARAMETERS.md)"),
    CLI_OPT_END};

static void md_escape(const char *s)
{
    for (; *s; s++) {
        if (*s == '|')
            fputs("\\|", stdout);
        else
            putchar(*s);
    }
}

int cmd_params(const cli_call *c)
{
    const params_opts *o = c->opts;
    char def[64], lo[64], hi[64];
    if (o->markdown) {
        printf("| name | type | unit | default | range | can change on the "
               "timeline | meaning | source |\n|---|---|---|---|---|---|---|"
               "---|\n");
    }
    for (int i = 0; i < PZ_P_COUNT; i++) {
        const pz_param_info *p = pz_param_info_get((pz_param_id)i);
        static const char *const types[] = {"real", "integer", "choice",
                                            "date"};
        pz_param_format((pz_param_id)i, p->def, def, sizeof def);
        if (p->type == PZ_PARAM_ENUM) {
            size_t off = 0;
            for (int k = 0; p->choices[k] && off < sizeof lo; k++)
                off += (size_t)snprintf(lo + off, sizeof lo - off, "%s%s",
                                        k ? ", " : "", p->choices[k]);
            hi[0] = '\0';
        } else if (p->type == PZ_PARAM_DATE) {
            snprintf(lo, sizeof lo, "any date");
            hi[0] = '\0';
        } else {
            snprintf(lo, sizeof lo, "[%.10g, ", p->min);
            snprintf(hi, sizeof hi, "%.10g]", p->max);
        }
        if (o->markdown) {
            printf("| `%s` | %s | %s | %s | %s%s | %s | ", p->name,
                   types[p->type], p->unit, def, lo, hi,
                   p->dynamic ? "yes" : "no");
            md_escape(p->description);
            fputs(" | ", stdout);
            md_escape(p->source);
            puts(" |");
        } else {
            printf("%-22s %-8s %-16s default %-12s %s%s%s\n    %s\n    source: "
                   "%s\n",
                   p->name, types[p->type], p->unit, def, lo, hi,
                   p->dynamic ? "  (can change on the timeline)" : "",
                   p->description, p->source);
        }
    }
    return 0;
}

int cmd_show_default(const cli_call *c)
{
    (void)c;
    size_t len;
    const char *t = pz_scenario_default_text(&len);
    fwrite(t, 1, len, stdout);
    return 0;
}
