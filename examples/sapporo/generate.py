#!/usr/bin/env python3
"""Make the Sapporo example: a profile, five fiscal years of center submissions (R1-R5) filled
through the template and the data dictionary as a center's own script would, this year's (R5)
kept as the submissions and the earlier years compiled to tidy CSVs for the history.

    cargo build --release && python3 examples/sapporo/generate.py      (needs openpyxl)

From shared/seeds/002 (令和5年度 札幌市地域包括支援センター運営事業の概況), exactly: 27 centers in
10 wards, 12 corporations (社会福祉法人 7, 医療法人 5), 17/4/6 centers opened in H18/H22/H25 and two
of 南区 changing hands in H30, the 収支状況 (千円), the average 占有率 by service type, the
evaluation scores (self per item and the ward's overall) and staffing of 6-13 professionals with
北区 one more. Synthetic: the populations, the corporations' names, every per-center split, the
activity counts (002 draws them only as charts; the shares it states are kept: 家族・親戚 and
本人 about 70%, 医療機関 10%, 利用希望 and 制度 57%, 初回相談で終了 51%, 情報提供 49%) and the
earlier years.
"""
import pathlib
import random
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "support"))
from through_template import split, write_year  # noqa: E402

PROFILE = HERE / "profile.toml"

YEARS = [2019, 2020, 2021, 2022, 2023]  # R1-R5; R5 is the report's year
WARDS = [("中央区", "chuo", 3), ("北区", "kita", 3), ("東区", "higashi", 3), ("白石区", "shiroishi", 3),
         ("厚別区", "atsubetsu", 2), ("豊平区", "toyohira", 3), ("清田区", "kiyota", 2), ("南区", "minami", 3),
         ("西区", "nishi", 3), ("手稲区", "teine", 2)]
CORPORATIONS = [f"社会福祉法人 (例)第{i}福祉会" for i in range(1, 8)] + [f"医療法人 (例)第{i}医療会" for i in range(1, 6)]

# 002 §4: self-evaluation per 取組項目 1-4, then the ward's 総合評価, per center in ward order.
EVALUATION = [
    (4, 3, 4, 3, 4), (4, 4, 3, 4, 4), (4, 4, 4, 3, 4),
    (4, 3, 3, 3, 3), (3, 3, 3, 4, 3), (3, 4, 4, 4, 3),
    (3, 3, 3, 3, 3), (3, 4, 3, 4, 4), (3, 3, 3, 3, 3),
    (4, 3, 3, 5, 4), (3, 3, 3, 3, 4), (4, 4, 4, 4, 4),
    (4, 3, 4, 3, 4), (4, 4, 2, 3, 4),
    (2, 3, 2, 3, 3), (3, 3, 3, 3, 3), (3, 3, 3, 3, 3),
    (3, 3, 4, 4, 4), (4, 4, 3, 3, 4),
    (3, 3, 3, 3, 3), (4, 4, 4, 4, 4), (3, 3, 3, 3, 3),
    (4, 4, 4, 4, 4), (4, 4, 4, 4, 4), (4, 4, 2, 4, 4),
    (3, 3, 3, 3, 3), (3, 3, 3, 3, 4),
]
EVALUATION_ITEMS = [
    "総合相談窓口としての機能強化及び権利擁護支援体制の充実",
    "包括的・継続的ケアマネジメント支援の強化",
    "自立支援・重度化防止の推進に向けた地域ケア会議の促進",
    "自立支援に資する介護予防ケアマネジメントの実施及び地域住民、関係機関との介護予防・自立支援に関する意識の共有",
]
LEGEND = [
    "5 活動目標を全て達成し、全ての取組項目で、他センターの模範となる取組があった。",
    "4 活動目標を全て達成し、一部の取組項目で、他センターの模範となる取組があった。",
    "3 活動目標を全て達成した",
    "2 活動目標が一部未達成だった。",
    "1 活動目標が全て未達成だった。",
]

# 002 §2, 令和5年度 (千円). Earlier years: the same shape, smaller (synthetic).
MONEY = {"itaku": 1553417, "hoshu": 1359275, "shunyu_sonota": 7821,
         "jinken": 2235809, "kanri": 212075, "saiitaku": 301905, "katsudo": 129300, "shishutsu_sonota": 35556}
# 002 §3: 一事業所における占有率(平均) by service type.
OCCUPANCY = {"homon": 0.181, "tsusho": 0.234, "yogu": 0.174, "kyotaku": 0.104, "jihojin": 0.070}

# Synthetic city totals per year (R1-R5): 002 draws these only as charts.
SODAN = [81204, 74530, 78912, 82645, 85316]          # コロナ禍で減少、R3以降は増加
SODANSHA = {"honnin": 30, "kazoku": 40, "iryo": 10, "jigyosha": 6, "minsei": 3, "kinrin": 3, "gyosei": 5, "sonota": 3}
NAIYO = {"riyo": 35, "seido": 22, "hoken": 10, "iryo": 11, "ninchi": 8, "kenri": 4, "seikatsu": 6, "sonota": 4}
TAIO = {"shuryo": 51, "keiyaku": 17, "keizoku": 28, "hikitsugi": 4}
KOUKEN = [2903, 3118, 3342, 2786, 2761]              # R4に減少、R5は横ばい
GYAKUTAI = [561, 594, 642, 689, 745]                 # 増加傾向
CM = [21486, 26815, 27934, 23412, 22106]             # コロナ禍で増加、文書での支援が大幅に減少
BUNSHO = [0.30, 0.35, 0.33, 0.15, 0.10]
CM_NAIYO = {"joho": 49, "jittai": 20, "jogen": 15, "doko": 6, "tantosha": 5, "sonota": 5}
KENSHU = [160, 62, 171, 188, 204]                    # R2は減少、以降はコロナ禍前を上回る
NINZU = [5402, 1851, 5917, 6648, 7121]
YOBO = {"shien_chokuei": [55210, 55930, 56840, 57420, 58016], "shien_saiitaku": [39870, 40220, 40610, 40950, 41233],
        "cm_chokuei": [48120, 49060, 50310, 51240, 52107], "cm_saiitaku": [22940, 23110, 23460, 23810, 24072]}


def centers(rnd):
    out, n = [], 0
    for ward, key, count in WARDS:
        for i in range(1, count + 1):
            out.append({
                "id": f"{key}{i}", "name": f"{ward}第{'１２３'[i - 1]}地域包括支援センター",
                "short": f"{ward[:-1]}{i}", "area": ward, "operator": CORPORATIONS[n % 12],
                "population": rnd.randrange(12500, 23500),
            })
            n += 1
    # 17 centers from H18, 4 more in H22, 6 in H25; 南区's 2 changed hands in H30.
    firsts = [c for c in out if c["id"].endswith("1")] + [c for c in out if c["id"].endswith("2")][:7]
    later = [c for c in out if c not in firsts]
    for c in firsts:
        c["since"] = 2006
    for j, c in enumerate(later):
        c["since"] = 2010 if j < 4 else 2013
    for c in out:
        if c["id"] in ("minami2", "minami3"):
            c["since"] = 2018
    out[0]["population"], out[-1]["population"] = 24812, 11604   # 13 and 6 professionals
    return out


def required(population):
    return 6 if population < 12000 else min(13, 7 + (population - 12000) // 2000)


def write_profile(cs):
    lines = [
        "# The Sapporo example (examples/sapporo/generate.py): 札幌市's 27 centers in 10 wards run",
        "# by 12 corporations (002); populations and the corporations' names are synthetic.",
        'city = "札幌市(例)"',
        "fiscal_year = 2023",
        'population_as_of = "R5.9末"',
        "",
        "[form]",
        'file = "form.toml"',
        "",
        "[staffing]",
        "# 専門職員の規定配置人数: 6 below 12,000 first-insured, one more per 2,000, 13 at most.",
        "brackets = [",
    ] + [f"  {{ from = {f}, staff = {s} }}," for f, s in [(0, 6)] + [(12000 + 2000 * k, 7 + k) for k in range(7)]] + [
        "]",
        "",
        "[staffing.professions]",
        "# 常勤・専任の保健師、社会福祉士、主任介護支援専門員をそれぞれ1名以上.",
        "per = 0",
        "relaxed = []",
        "",
        "[evaluation]",
        'title = "{年度}地域包括支援センター運営事業に係る評価"'.replace("{年度}", "令和5年度"),
        'label = "運営事業に係る自己評価(取組項目)"',
        'ward_label = "区保健福祉課による総合評価"',
        "items = [",
    ] + [f'  "{i}",' for i in EVALUATION_ITEMS] + ["]", "legend = ["] + [f'  "{l}",' for l in LEGEND] + ["]"]
    for c, ev in zip(cs, EVALUATION):
        lines += ["[[evaluation.ward]]", f'center = "{c["id"]}"', f"score = {ev[4]}"]
    lines.append("")
    for c in cs:
        lines += [
            "[[center]]", f'id = "{c["id"]}"', f'name = "{c["name"]}"', f'short = "{c["short"]}"',
            f'area = "{c["area"]}"', 'operation = "委託"', f'operator = "{c["operator"]}"',
            f'since = {c["since"]}', f'population = {c["population"]}',
        ]
        if c["area"] == "北区":
            lines += [f"required = {required(c['population']) + 1}",
                      'required_note = "フレイル改善マネジャー1名増員(令和5年度モデル配置)"']
        lines.append("")
    PROFILE.write_text("\n".join(lines), encoding="utf-8")


def jitter(shares, rnd):
    return [s * rnd.uniform(0.85, 1.15) for s in shares]


def occupancy(values, cs, target, rnd, kind, total_key):
    """Per center: the plans placing the service (or re-delegated) and the largest single
    corporation's (or the center's own corporation's) count, whose shares average to target."""
    zen, saita = [], []
    for c in cs:
        z = values[c["id"]].get(total_key) or rnd.randrange(120, 420)
        r = min(0.45, max(0.02, rnd.gauss(target, 0.05)))
        zen.append(z)
        saita.append(round(r * z))
    mean = lambda: sum(s / z for s, z in zip(saita, zen)) / len(zen)
    while abs(mean() - target) > 0.0003:
        i = rnd.randrange(len(cs))
        step = 1 if mean() < target else -1
        if 0 < saita[i] + step < zen[i] * 0.45:
            saita[i] += step
    for c, z, s in zip(cs, zen, saita):
        values[c["id"]][total_key] = z
        values[c["id"]][f"senyu_{kind}_saita"] = s


def year_values(cs, y, rnd):
    weights = [c["population"] * rnd.uniform(0.8, 1.2) for c in cs]
    values = {c["id"]: {} for c in cs}
    put = lambda item, parts: [values[c["id"]].__setitem__(item, p) for c, p in zip(cs, parts)]
    # 総合相談: per center a total, split by 相談者区分 and by 対応結果 (each case once), and
    # by 相談内容 with overlaps (about a quarter more).
    for c, total in zip(cs, split(SODAN[y], weights, rnd)):
        v = values[c["id"]]
        for table, shares, t in [("sodansha", SODANSHA, total), ("taio", TAIO, total),
                                 ("naiyo", NAIYO, round(total * rnd.uniform(1.2, 1.3)))]:
            for k, part in zip(shares, split(t, jitter(shares.values(), rnd), rnd)):
                v[f"{table}_{k}"] = part
    put("kenri_kouken", split(KOUKEN[y], weights, rnd))
    put("kenri_gyakutai", split(GYAKUTAI[y], weights, rnd))
    # 介護支援専門員 支援: by method (メール・オンライン and 会議 from R2) and by content, equal.
    methods = {"denwa": 0.42, "raisho": 0.08, "homon": 0.12, "bunsho": BUNSHO[y], "online": 0.05, "kaigi": 0.03}
    if y == 0:
        methods["online"] = methods["kaigi"] = 0
    for c, total in zip(cs, split(CM[y], weights, rnd)):
        v = values[c["id"]]
        for k, part in zip(methods, split(total, [m * rnd.uniform(0.9, 1.1) for m in methods.values()], rnd)):
            v[f"cm_hoho_{k}"] = part
        for k, part in zip(CM_NAIYO, split(total, jitter(CM_NAIYO.values(), rnd), rnd)):
            v[f"cm_naiyo_{k}"] = part
    put("kenshu_kaisu", split(KENSHU[y], [1] * len(cs), rnd))
    put("kenshu_ninzu", split(NINZU[y], weights, rnd))
    for k, totals in YOBO.items():
        put(f"yobo_{k}", split(totals[y], weights, rnd))
    # 収支 (千円): each line's city total split over the centers; 収支差額 their difference.
    scale = [0.95, 0.96, 0.97, 0.985, 1.0][y]
    for k, total in MONEY.items():
        put(f"shushi_{k}", split(round(total * scale), [w * rnd.uniform(0.98, 1.02) for w in weights], rnd))
    for c in cs:
        v = values[c["id"]]
        income = sum(v[f"shushi_{k}"] for k in ["itaku", "hoshu", "shunyu_sonota"])
        spent = sum(v[f"shushi_{k}"] for k in ["jinken", "kanri", "saiitaku", "katsudo", "shishutsu_sonota"])
        v["shushi_sagaku"] = income - spent
    # 占有率: the average over centers equals 002's figure (R5; earlier years near it).
    for kind, target in OCCUPANCY.items():
        t = target + (0 if y == 4 else rnd.uniform(-0.02, 0.02))
        total_key = "senyu_kyotaku_zen" if kind == "jihojin" else f"senyu_{kind}_zen"
        occupancy(values, cs, t, rnd, kind, total_key)
    # Staffing: the required professionals (北区 one more), a センター長, one 事務職員.
    for c, ev in zip(cs, EVALUATION):
        v = values[c["id"]]
        need = required(c["population"]) + (1 if c["area"] == "北区" else 0)
        v["staff_hokenshi_jokin_senju"] = need // 3
        v["staff_shakai_jokin_senju"] = need // 3
        v["staff_shunin_jokin_senju"] = need - 2 * (need // 3)
        v["staff_chief_kenmu" if rnd.random() < 0.7 else "staff_chief_senju"] = 1
        v["staff_jimu_jokin_senju"] = 1
        v["staff_yobo_jokin_senju"] = rnd.randrange(1, 5)
        for i, score in enumerate(ev[:4]):
            v[f"hyoka_item{i + 1}"] = score
    return values


def main():
    rnd = random.Random(2023)
    cs = centers(rnd)
    write_profile(cs)
    for y, year in enumerate(YEARS):
        values = year_values(cs, y, rnd)
        by_short = {c["short"]: values[c["id"]] for c in cs}
        write_year(PROFILE, HERE, year, by_short, latest=year == YEARS[-1])
    print(HERE)


if __name__ == "__main__":
    main()
