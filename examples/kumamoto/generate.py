#!/usr/bin/env python3
"""Make the Kumamoto example: a profile, five fiscal years of center submissions (R2-R6) whose
city totals are the figures of shared/seeds/004, filled through the template and the data
dictionary as a center's own script would, and the earlier years compiled to tidy CSVs for the
history.

    cargo build --release && python3 examples/kumamoto/generate.py      (needs openpyxl)

The centers, their populations and operators, the per-center split of the figures, the
groups of くまもと元気くらぶ and 地域支え合い型サービス (004 draws those only as charts) and the
staffing are synthetic; the city totals of 自立支援型地域ケア会議 are 004's.
"""
import pathlib
import random
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "support"))
from through_template import split, write_year  # noqa: E402

FORM = HERE / "form.toml"
PROFILE = HERE / "profile.toml"

YEARS = [2020, 2021, 2022, 2023, 2024]  # R2-R6
# 004, 自立支援型地域ケア会議 実績
KAISU = [132, 262, 211, 172, 93]
CASES = [246, 507, 380, 332, 182]
# Synthetic (004 shows these only as charts): くまもと元気くらぶ and 地域支え合い型サービス groups.
GENKI = [216, 231, 248, 262, 275]
SASAEAI = {"homon": [10, 12, 14, 15, 17], "ido": [3, 4, 6, 7, 8], "tsusho": [20, 22, 25, 27, 29]}

WARDS = [("中央区", "chuo", 5), ("東区", "higashi", 6), ("西区", "nishi", 4), ("南区", "minami", 6), ("北区", "kita", 6)]


def centers(rnd):
    out = []
    for ward, key, n in WARDS:
        for i in range(1, n + 1):
            out.append({
                "id": f"{key}{i}",
                "name": f"{ward}第{i}地域包括支援センター",
                "short": f"{ward[:-1]}{i}",
                "area": ward,
                "operator": f"社会福祉法人 (例){ward[:-1]}{i}福祉会",
                "population": rnd.randrange(6000, 11500),
            })
    return out


def write_profile(cs):
    lines = [
        "# The Kumamoto example (examples/kumamoto/generate.py): 熊本市's five wards with",
        "# illustrative centers; names, populations and operators are synthetic.",
        'city = "熊本市(例)"',
        "fiscal_year = 2024",
        'population_as_of = "R6.9末"',
        "",
        "[form]",
        'file = "form.toml"',
        "",
        "[staffing]",
        "# 専門職 6 per center below 12,000 first-insured, one more per further 2,000.",
        "brackets = [{ from = 0, staff = 6 }, { from = 12000, staff = 7 }]",
        "step = 2000",
        "",
    ]
    for c in cs:
        lines += [
            "[[center]]",
            f'id = "{c["id"]}"',
            f'name = "{c["name"]}"',
            f'short = "{c["short"]}"',
            f'area = "{c["area"]}"',
            'operation = "委託"',
            f'operator = "{c["operator"]}"',
            "since = 2006",
            f'population = {c["population"]}',
            "",
        ]
    PROFILE.write_text("\n".join(lines), encoding="utf-8")


def main():
    rnd = random.Random(2025)
    cs = centers(rnd)
    write_profile(cs)
    weights = [c["population"] for c in cs]
    staff = {"staff_hokenshi_jokin_senju": 2, "staff_shakai_jokin_senju": 2, "staff_shunin_jokin_senju": 2}
    for y, year in enumerate(YEARS):
        values = {c["id"]: dict(staff) for c in cs}
        for item, total in [("kaigi_kaisu", KAISU[y]), ("kaigi_case", CASES[y]), ("genki_dantai", GENKI[y])] + [
            (f"sasaeai_{k}", v[y]) for k, v in SASAEAI.items()
        ]:
            for c, part in zip(cs, split(total, weights, rnd)):
                values[c["id"]][item] = part
        by_short = {c["short"]: values[c["id"]] for c in cs}
        write_year(PROFILE, HERE, year, by_short, latest=year == YEARS[-1])
    print(HERE)


if __name__ == "__main__":
    main()
