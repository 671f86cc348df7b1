/*
 * fuzz_data.c - libFuzzer targets on the CSV loaders of the data
 * directory: the pc2023 network (io/groups_data.c) and the INEGI tables
 * of io/mexico.c.  One source, one target per loader, chosen at build
 * time by FUZZ_LOADER (tests/fuzz/CMakeLists.txt):
 *
 *   1 fuzz_pc2023          BACRIM2020_Nodes, _Rivals, _Alliances.csv
 *   2 fuzz_states          state2020, state_adjacency, mun2020 (seats)
 *   3 fuzz_municipalities  mun2020, mun_adjacency
 *   4 fuzz_prewar          inegi_homicides_mun_month_1990_2015 (both levels)
 *   5 fuzz_places          places (both levels)
 *
 * A small, valid data directory is written once into a temporary
 * directory.  The first byte of an input picks a case (a file and the
 * scenario that reads it; byte % cases, so the seeds start with '0',
 * '1', ...), the rest replaces that file; the scenario is loaded through
 * the public API, as `plaza run --data DIR` does.  A refused file must
 * give PZ_ERR_INPUT with a message naming the file; an accepted one must
 * make a model that runs a few weeks without a crash or undefined
 * behaviour.  The file is put back after each input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "plaza/model.h"
#include "plaza/scenario.h"

#ifndef FUZZ_LOADER
#error "FUZZ_LOADER must be defined (1-5)"
#endif

/* ---- the valid data directory ---------------------------------------- */

typedef struct fixture {
    const char *name; /* under the data directory */
    const char *text;
} fixture;

enum {
    NODES,
    RIVALS,
    ALLIES,
    STATES,
    STATE_ADJ,
    MUN,
    MUN_ADJ,
    PLACES,
    HOMICIDES,
    NFILES
};

static const fixture files[NFILES] = {
    [NODES] = {"pc2023/BACRIM2020_Nodes.csv",
               "\xef\xbb\xbfNode,Group,State,ShortName\n"
               "N1,Alpha,Jalisco,A\n"
               "N2,\"Beta, the \"\"second\"\"\",Sinaloa,B\n"
               "N3,Gamma,Ciudad de M\xc3\xa9xico,G\n"},
    [RIVALS] = {"pc2023/BACRIM2020_Rivals.csv",
                "\xef\xbb\xbf"
                "Edge,Node,Group,RNode,RGroup,weight\n"
                "E1,N1,Alpha,N2,Beta,13\n"
                "E2,N2,Beta,N1,Alpha,13\n"
                "E3,N3,Gamma,N1,Alpha,2\n"},
    [ALLIES] = {"pc2023/BACRIM2020_Alliances.csv",
                "\xef\xbb\xbf"
                "Edge,Node,Group,RNode,RGroup,weight\r\n"
                "R1,N2,Beta,N3,Gamma,6\r\n"},
    [STATES] = {"mexico/state2020.csv",
                "\"region\",\"state_name\",\"pop\"\n"
                "\"01\",\"Aguascalientes\",1425607\n"
                "\"02\",\"Baja California\",3769020\n"
                "\"03\",\"Baja California Sur\",798447\n"},
    [STATE_ADJ] = {"mexico/state_adjacency.csv", "a,b\n01,02\n02,03\n"},
    [MUN] = {"mexico/mun2020.csv",
             "\"region\",\"municipio_name\",\"state_name\",\"pop\",\"long\","
             "\"lat\"\n"
             "\"01001\",\"Aguascalientes\",\"Aguascalientes\",948990,"
             "-102.296047,21.879823\n"
             "\"01002\",\"Asientos\",\"Aguascalientes\",51536,-102.089275,"
             "22.238317\n"
             "\"02001\",\"Ensenada\",\"Baja California\",443807,-116.6,31.87\n"
             "\"02004\",\"Tijuana\",\"Baja California\",1922523,-117.0,32.5\n"
             "\"03003\",\"La Paz\",\"Baja California Sur\",292241,-110.3,"
             "24.14\n"},
    [MUN_ADJ] = {"mexico/mun_adjacency.csv",
                 "a,b\n01001,01002\n01002,02001\n02001,02004\n02004,03003\n"},
    [PLACES] = {"mexico/places.csv",
                "cvegeo,kind,name,note\n"
                "02004,border_crossing,Tijuana,San Diego sector\n"
                "03003,seaport,La Paz,a port\n"},
    [HOMICIDES] = {"mexico/inegi_homicides_mun_month_1990_2015.csv",
                   "year,month,cvegeo,homicides\n"
                   "1990,1,01001,1\n"
                   "1997,1,01001,3\n"
                   "2000,5,02004,10\n"
                   "2005,2,03999,1\n"
                   "2006,12,03003,2\n"},
};

/* ---- the scenarios that read them ------------------------------------ */

static const char pc2023_yaml[] = "plaza: 1\n"
                                  "parameters: {steps: 3, seed: 1}\n"
                                  "groups: {data: pc2023}\n";
static const char states_yaml[] =
    "plaza: 1\n"
    "parameters: {steps: 3, seed: 1}\n"
    "regions: {data: states}\n"
    "groups:\n"
    "  list:\n"
    "    - {name: A, home: \"01\", members: 100, rivals: {B: 2}}\n"
    "    - {name: B, state: Baja California, members: 80}\n";
static const char mun_yaml[] =
    "plaza: 1\n"
    "parameters: {steps: 3, seed: 1}\n"
    "regions: {data: municipalities}\n"
    "groups:\n"
    "  list:\n"
    "    - {name: A, home: \"01001\", members: 100, rivals: {B: 2}}\n"
    "    - {name: B, state: Baja California, members: 80}\n";

typedef struct fcase {
    int file;
    const char *yaml;
} fcase;

#if FUZZ_LOADER == 1
static const fcase cases[] = {
    {NODES, pc2023_yaml}, {RIVALS, pc2023_yaml}, {ALLIES, pc2023_yaml}};
#elif FUZZ_LOADER == 2
static const fcase cases[] = {
    {STATES, states_yaml}, {STATE_ADJ, states_yaml}, {MUN, states_yaml}};
#elif FUZZ_LOADER == 3
static const fcase cases[] = {{MUN, mun_yaml}, {MUN_ADJ, mun_yaml}};
#elif FUZZ_LOADER == 4
static const fcase cases[] = {{HOMICIDES, states_yaml}, {HOMICIDES, mun_yaml}};
#elif FUZZ_LOADER == 5
static const fcase cases[] = {{PLACES, states_yaml}, {PLACES, mun_yaml}};
#else
#error "unknown FUZZ_LOADER"
#endif
#define NCASES (sizeof cases / sizeof cases[0])

static char path[NFILES][512];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *dir = fz_tmpdir();
    char sub[512];
    snprintf(sub, sizeof sub, "%s/pc2023", dir);
    mkdir(sub, 0700);
    snprintf(sub, sizeof sub, "%s/mexico", dir);
    mkdir(sub, 0700);
    for (int k = 0; k < NFILES; k++) {
        snprintf(path[k], sizeof path[k], "%s/%s", dir, files[k].name);
        fz_write(path[k], files[k].text, strlen(files[k].text));
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const fcase *c = &cases[data[0] % NCASES];
    fz_write(path[c->file], data + 1, size - 1);
    pz_scenario *sc = NULL;
    pz_error err;
    memset(&err, 0, sizeof err);
    pz_status st = pz_scenario_load_text(c->yaml, strlen(c->yaml), "data.yaml",
                                         fz_tmpdir(), &sc, &err);
    if (st != PZ_OK) {
        /* a refusal says why; a message about a data file names it */
        if (sc != NULL || err.msg[0] == '\0' || st != PZ_ERR_INPUT)
            abort();
    } else {
        pz_model *m = NULL;
        if (pz_model_create(sc, 0, &m, &err) == PZ_OK) {
            while (pz_model_time(m) < pz_model_steps(m))
                if (pz_model_step(m, NULL) != PZ_OK)
                    break;
            pz_model_destroy(m);
        }
        pz_scenario_free(sc);
    }
    /* the file as it was, for the next input */
    fz_write(path[c->file], files[c->file].text, strlen(files[c->file].text));
    return 0;
}
