#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Print the `regions:` block of scenarios/mexico.yaml from the data directory.

The embedded default scenario runs without a data directory, so its 32 states
and its places are written into the file.  This script makes those facts
reproducible:

  python3 tools/state_facts.py [DATA_DIR]

DATA_DIR is the data directory (the one holding mexico/); by default
$PLAZA_DATA, else the repository's data/.  Python 3 standard
library only.

What it derives, and from which file of DATA_DIR/mexico:
- code, name, population: state2020.csv (INEGI Censo 2020 via mxmaps);
- lon, lat: the mean of the municipal seats' long/lat in mun2020.csv weighted
  by the municipalities' 2020 population, rounded to 4 decimals;
- neighbours: state_adjacency.csv (INEGI Marco Geoestadístico 2020), written
  both ways (the reader symmetrises);
- prewar_homicides: the homicides of 1997-2006 (before the war on the
  cartels) registered in the state, summed from
  inegi_homicides_mun_month_1990_2015.csv (INEGI death registrations by
  municipality of occurrence; codes XX998/XX999 of unspecified places left
  out), for background_geography: prewar;
- places: every row of places.csv; every municipality of mun2020.csv with at
  least 1,000,000 inhabitants (kind city); and the hand-checked facts of
  FACTS below, each with its source.  Every CVEGEO is checked against
  mun2020.csv's region and municipio_name; a mismatch is an error.
"""

import csv
import os
import sys
import textwrap

# Facts added by hand: (cvegeo, kind, name as written, municipio_name in
# mun2020.csv, note with the source).  Short citations, given in full in the
# comment printed above the production places:
# - Ellis 2022: R. Evan Ellis, "Organized Crime in Mexico and the Evolving
#   Government Response", Part I (2022), one of the project's seed articles;
# - UNODC 2016: UNODC and the Government of Mexico, "Mexico: Monitoreo de
#   cultivos de amapola 2014-2015" (2016), the first joint poppy survey.
GOLDEN = "Golden Triangle sierra: poppy and marijuana (Ellis 2022; UNODC 2016)"
GUERRERO = "sierra of Guerrero: poppy and heroin (Ellis 2022; UNODC 2016)"
RED_TRIANGLE = ("Puebla's 'red triangle' of clandestine taps on Pemex "
                "pipelines (press reports 2017-2019)")
FACTS = [
    # production
    ("25003", "production", "Badiraguato", "Badiraguato",
     GOLDEN + "; birthplace of Guzmán and Caro Quintero"),
    ("10034", "production", "Tamazula", "Tamazula", GOLDEN),
    ("08029", "production", "Guadalupe y Calvo", "Guadalupe y Calvo", GOLDEN),
    ("08027", "production", "Guachochi", "Guachochi", GOLDEN),
    ("25007", "production", "Choix", "Choix", GOLDEN),
    ("12032", "production", "General Heliodoro Castillo",
     "General Heliodoro Castillo", GUERRERO + "; Tlacotepec"),
    ("12040", "production", "Leonardo Bravo", "Leonardo Bravo", GUERRERO),
    ("12054", "production", "San Miguel Totolapan", "San Miguel Totolapan",
     GUERRERO),
    ("12022", "production", "Coyuca de Catalán", "Coyuca de Catalán",
     GUERRERO),
    # pipeline (fuel theft, huachicol)
    ("11027", "pipeline", "Salamanca", "Salamanca",
     "Pemex Antonio M. Amor refinery; centre of Guanajuato's huachicol "
     "fuel theft (Ellis 2022)"),
    ("11044", "pipeline", "Villagrán", "Villagrán",
     "Santa Rosa de Lima, base of the fuel-theft cartel of that name; army "
     "operation of March 2019 (Ellis 2022)"),
    ("11035", "pipeline", "Santa Cruz de Juventino Rosas",
     "Santa Cruz de Juventino Rosas",
     "El Marro, leader of the Santa Rosa de Lima cartel, captured at Franco "
     "Tavera, 2 August 2020 (events.csv)"),
    ("13070", "pipeline", "Tlahuelilpan", "Tlahuelilpan",
     "explosion at a clandestine tap on the Tuxpan-Tula pipeline, 18 "
     "January 2019, over 130 dead"),
    ("13076", "pipeline", "Tula de Allende", "Tula de Allende",
     "Pemex Miguel Hidalgo refinery, end of the Tuxpan-Tula pipeline"),
    ("21110", "pipeline", "Palmar de Bravo", "Palmar de Bravo",
     RED_TRIANGLE + "; clash between soldiers and fuel thieves, May 2017"),
    ("21115", "pipeline", "Quecholac", "Quecholac", RED_TRIANGLE),
    ("21164", "pipeline", "Tepeaca", "Tepeaca", RED_TRIANGLE),
    ("21154", "pipeline", "Tecamachalco", "Tecamachalco", RED_TRIANGLE),
    ("21004", "pipeline", "Acatzingo", "Acatzingo", RED_TRIANGLE),
    # migrant_route
    ("07089", "migrant_route", "Tapachula", "Tapachula",
     "main entry from Guatemala on the Pacific side; asylum office "
     "(COMAR); caravans north set out from it in 2021-2022"),
    ("07009", "migrant_route", "Arriaga", "Arriaga",
     "where the freight train north ('La Bestia') started after Hurricane "
     "Stan (2005) cut the line from the border"),
    ("20014", "migrant_route", "Ciudad Ixtepec", "Ciudad Ixtepec",
     "train stop on the Isthmus; Hermanos en el Camino shelter (Amnesty "
     "International, Invisible Victims, 2010)"),
    ("27017", "migrant_route", "Tenosique", "Tenosique",
     "eastern route from El Ceibo (Guatemala); freight train north; La 72 "
     "shelter"),
    ("07065", "migrant_route", "Palenque", "Palenque",
     "eastern route from Guatemala; freight train north"),
    ("30039", "migrant_route", "Coatzacoalcos", "Coatzacoalcos",
     "freight-train route north from Tenosique and Palenque along the "
     "Gulf"),
    ("15035", "migrant_route", "Huehuetoca", "Huehuetoca",
     "rail hub north of Mexico City; trains on to the northern border"),
    ("28035", "migrant_route", "San Fernando", "San Fernando",
     "72 migrants murdered by Los Zetas, August 2010, on the road to the "
     "Tamaulipas border"),
]

KINDS = ["border_crossing", "southern_border", "seaport", "production",
         "city", "pipeline", "migrant_route"]
CITY_MIN = 1_000_000


def read(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def q(s):
    """A YAML double-quoted scalar (the facts hold no quote or backslash)."""
    if '"' in s or "\\" in s:
        sys.exit(f"state_facts: quote or backslash in {s!r}")
    return f'"{s}"'


def wrapped(key, value, indent):
    """'key: "value"}' wrapped to 79 columns (YAML folds the line breaks);
    a value ending in '}' closes a flow mapping."""
    close = value.endswith("}")
    text = f"{key}: {q(value[:-1] if close else value)}" + ("}" if close else "")
    lines = textwrap.wrap(text, 79 - indent,
                          subsequent_indent="  ", break_long_words=False,
                          break_on_hyphens=False)
    return [" " * indent + line for line in lines]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    data = (sys.argv[1] if len(sys.argv) > 1 else
            os.environ.get("PLAZA_DATA") or
            os.path.join(here, "..", "data"))
    mx = os.path.join(data, "mexico")
    states = read(os.path.join(mx, "state2020.csv"))
    muns = read(os.path.join(mx, "mun2020.csv"))
    adj = read(os.path.join(mx, "state_adjacency.csv"))
    csv_places = read(os.path.join(mx, "places.csv"))
    prewar = {}
    for row in read(os.path.join(mx, "inegi_homicides_mun_month_1990_2015.csv")):
        cv = row["cvegeo"]
        if 1997 <= int(row["year"]) <= 2006 and cv[2:] not in ("998", "999"):
            prewar[cv[:2]] = prewar.get(cv[:2], 0) + int(row["homicides"])
    mun = {m["region"]: m for m in muns}
    codes = {s["region"] for s in states}
    if len(states) != 32:
        sys.exit(f"state_facts: {len(states)} states, expected 32")

    # population-weighted mean of the municipal seats
    sw = {c: [0.0, 0.0, 0.0] for c in codes}
    for m in muns:
        if m["long"] == "NA" or m["lat"] == "NA":
            sys.exit(f"state_facts: no seat coordinates for {m['region']}")
        w = int(m["pop"])
        acc = sw[m["state_code"]]
        acc[0] += w
        acc[1] += w * float(m["long"])
        acc[2] += w * float(m["lat"])

    nb = {c: set() for c in codes}
    pairs = set()
    for row in adj:
        a, b = row["a"], row["b"]
        if a not in codes or b not in codes or a == b:
            sys.exit(f"state_facts: bad adjacency pair {a},{b}")
        nb[a].add(b)
        nb[b].add(a)
        pairs.add((min(a, b), max(a, b)))

    out = ["regions:",
           "  # the 32 states: INEGI code, name and 2020 census population "
           "(INEGI",
           "  # Censo 2020 via mxmaps); lon/lat the mean of the municipal "
           "seats",
           "  # weighted by 2020 population; neighbours: shared borders "
           "(INEGI Marco",
           "  # Geoestadístico 2020), "
           f"{len(pairs)} pairs, each written both ways; prewar_homicides:",
           "  # the homicides of 1997-2006 registered in the state (INEGI "
           "death",
           "  # registrations by municipality of occurrence, "
           "unspecified places",
           "  # left out), for background_geography: prewar.",
           "  list:"]
    for s in sorted(states, key=lambda s: s["region"]):
        c = s["region"]
        w, x, y = sw[c]
        if int(w) != int(s["pop"]):
            sys.exit(f"state_facts: municipal populations of {c} sum to "
                     f"{int(w)}, state2020.csv says {s['pop']}")
        ns = ", ".join(q(n) for n in sorted(nb[c]))
        out.append(f"    - {{code: {q(c)}, name: {q(s['state_name'])}, "
                   f"population: {s['pop']},")
        out.append(f"       lon: {x / w:.4f}, lat: {y / w:.4f}, "
                   f"prewar_homicides: {prewar.get(c, 0)},")
        line = f"       neighbours: [{ns}]}}"
        if len(line) > 79:
            cut = line.rfind(", ", 0, 79)
            out.append(line[:cut + 1])
            out.append("                    " + line[cut + 2:])
        else:
            out.append(line)

    places = []
    for p in csv_places:
        places.append((p["cvegeo"], p["kind"], p["name"], None, p["note"]))
    cities = sorted((m for m in muns if int(m["pop"]) >= CITY_MIN),
                    key=lambda m: -int(m["pop"]))
    for m in cities:
        places.append((m["region"], "city", m["municipio_name"],
                       m["municipio_name"], None))
    places += FACTS

    counts = {k: 0 for k in KINDS}
    for code, kind, name, mname, _ in places:
        m = mun.get(code)
        if m is None:
            sys.exit(f"state_facts: {code} ({name}) not in mun2020.csv")
        if mname is not None and m["municipio_name"] != mname:
            sys.exit(f"state_facts: {code} is {m['municipio_name']}, "
                     f"not {mname}")
        if kind not in counts:
            sys.exit(f"state_facts: unknown kind {kind}")
        counts[kind] += 1

    out += ["  # valuable places, by municipal CVEGEO (mapped to their state "
            "at state",
            "  # resolution).  Every code checked against mun2020.csv.",
            "  places:",
            "    # border crossings, southern border and seaports: every "
            "row of",
            "    # places.csv of the data directory (note as there)"]
    last = None
    for code, kind, name, _, note in places:
        if kind == "city" and last != "city":
            out += ["    # cities: every municipality with at least "
                    "1,000,000 inhabitants in",
                    "    # 2020 (mun2020.csv, INEGI Censo 2020; derived)"]
        if kind != last and kind in ("production", "pipeline",
                                     "migrant_route"):
            out.append({
                "production": "    # drug production: opium poppy and "
                              "marijuana zones.  Ellis 2022 =\n"
                              "    # R. E. Ellis, 'Organized Crime in Mexico "
                              "and the Evolving\n"
                              "    # Government Response', Part I (2022); "
                              "UNODC 2016 = UNODC and\n"
                              "    # Government of Mexico, 'Mexico: Monitoreo "
                              "de cultivos de\n"
                              "    # amapola 2014-2015' (2016)",
                "pipeline": "    # fuel theft (huachicol) on Pemex "
                            "pipelines and refineries",
                "migrant_route": "    # migrant routes north from the "
                                 "southern border",
            }[kind])
        last = kind
        head = f"    - {{code: {q(code)}, kind: {kind}, name: {q(name)}"
        if not note:
            out.append(head + "}")
        elif len(head) + len(note) + 11 <= 79:
            out.append(f"{head}, note: {q(note)}}}")
        else:
            out.append(head + ",")
            out += wrapped("note", note + "}", 7)

    print("\n".join(out))
    summary = ", ".join(f"{k} {v}" for k, v in counts.items())
    print(f"state_facts: 32 regions, {len(pairs)} adjacency pairs, places: "
          f"{summary}", file=sys.stderr)


if __name__ == "__main__":
    main()
