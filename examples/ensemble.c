/*
 * ensemble.c - an ensemble through the public API: replicates of the
 * embedded default scenario run on two threads by pz_ensemble_run(),
 * which writes a run directory; then the band of national members (the
 * 5%, 50% and 95% quantiles over the replicates) at the last step of each
 * calendar year, read back from its national_summary.csv and printed as
 * CSV.
 *
 *   ensemble [OUT_DIR [REPLICATES]]   (defaults: plaza-ensemble, 8)
 *
 * Build against an installed plaza (cmake --install):
 *   cc ensemble.c $(pkg-config --cflags --libs --static plaza)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <plaza/ensemble.h>
#include <plaza/plaza.h>
#include <plaza/scenario.h>

/* Prints the members band of the year just read, if any. */
static void print_year(int year, const double q[3])
{
    if (year > 0)
        printf("%d,%.0f,%.0f,%.0f\n", year, q[0], q[1], q[2]);
}

/* Reads DIR/national_summary.csv (step,date,variable,mean,q05,q25,q50,
 * q75,q95) and prints the band of each year's last members row. */
static int print_band(const char *dir)
{
    char path[4096], line[512];
    snprintf(path, sizeof path, "%s/national_summary.csv", dir);
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "ensemble: cannot open '%s'\n", path);
        return -1;
    }
    printf("year,members_q05,members_q50,members_q95\n");
    int year = 0;
    double q[3] = {0, 0, 0};
    if (!fgets(line, sizeof line, f)) /* the header */
        line[0] = '\0';
    while (fgets(line, sizeof line, f)) {
        long step;
        int y, mo, d;
        char var[32];
        double mean, q05, q25, q50, q75, q95;
        if (sscanf(line, "%ld,%d-%d-%d,%31[^,],%lf,%lf,%lf,%lf,%lf,%lf", &step,
                   &y, &mo, &d, var, &mean, &q05, &q25, &q50, &q75,
                   &q95) != 11) {
            fprintf(stderr, "ensemble: %s: unexpected row: %s", path, line);
            fclose(f);
            return -1;
        }
        if (strcmp(var, "members") != 0 || step == 0)
            continue;
        if (y != year)
            print_year(year, q);
        year = y;
        q[0] = q05;
        q[1] = q50;
        q[2] = q95;
    }
    print_year(year, q);
    fclose(f);
    return 0;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "plaza-ensemble";
    unsigned long n = argc > 2 ? strtoul(argv[2], NULL, 10) : 8;
    pz_error err;
    pz_scenario *sc = NULL;
    if (pz_scenario_load_default(&sc, &err) != PZ_OK) {
        fprintf(stderr, "ensemble: %s\n", err.msg);
        return EXIT_FAILURE;
    }
    pz_ensemble_options opt = {.out_dir = dir,
                               .n = (uint32_t)n,
                               .threads = 2,
                               .command = "examples/ensemble"};
    pz_status st = pz_ensemble_run(sc, &opt, &err);
    pz_scenario_free(sc);
    if (st != PZ_OK) {
        fprintf(stderr, "ensemble: %s\n", err.msg);
        return EXIT_FAILURE;
    }
    return print_band(dir) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
