"""A month of centers' files filled in the existing forms of make.py, made the way centers
make them (openpyxl, and LibreOffice for the .ods), never with hokatsu.

    python3 tests/forms/existing/centers.py     # from the repository's root; needs openpyxl
                                                # and libreoffice

writes, for each form (gyomu: 業務実績報告書, katsudo: 活動実績報告書, nenkan: 年間):

  month/<form>/東.xlsx    the form filled normally (令和8年10月分, 東地域包括支援センター)
  month/<form>/西.xlsx    other numbers, and the layout moved the way a center edits it: rows
                          inserted above a block and a spacer row inside a table (cells,
                          merges and SUM formulas moved as Excel moves them)
  month/<form>/南.ods     other numbers; written as .xlsx by openpyxl, then converted by
                          LibreOffice (which stores the formulas' values)
  month/<form>/expected.json   per file: the sheet, every value typed (count, typed total,
                          list text, date as "YYYY-MM-DD") by its address in that file, each
                          typed cell's row and column label paths, the input cells left blank,
                          and the formulas with the values they come to
  faults/<form>/*.xlsx    東.xlsx each with one planted fault, named by it; faults.json says
                          where and what

The numbers come from random.Random seeded by form and center, so a run writes the same
values every time.
"""

import datetime
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import make  # noqa: E402  (the layouts)

MONTH = os.path.join(HERE, "month")
FAULTS = os.path.join(HERE, "faults")
CENTERS = {"東": "東.xlsx", "西": "西.xlsx", "南": "南.ods"}
COLS12 = "BCDEFGHIJKLM"  # nenkan's months, 4月 .. 3月
DATE_FORMAT = "yyyy/m/d"


def bands(*steps):
    """A row map: for each (row, n), the rows from row (in the form's numbering) on move
    down n more — n rows inserted just above row."""
    return lambda r: r + sum(n for row, n in steps if r >= row)


def row_col(addr):
    m = re.fullmatch(r"([A-Z]+)([0-9]+)", addr)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def addr_range(a, b):
    (r1, c1), (r2, c2) = row_col(a), row_col(b)
    from openpyxl.utils import get_column_letter
    return [f"{get_column_letter(c)}{r}" for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]


def evaluate(formulas, typed):
    """The values the formulas come to (only SUM(range) and a+b occur), text counting 0."""
    memo = {}

    def value(a):
        if a in formulas:
            if a not in memo:
                memo[a] = calc(formulas[a])
            return memo[a]
        v = typed.get(a)
        return v if isinstance(v, (int, float)) else 0

    def calc(f):
        m = re.fullmatch(r"=SUM\(([A-Z]+[0-9]+):([A-Z]+[0-9]+)\)", f)
        if m:
            return sum(value(a) for a in addr_range(m.group(1), m.group(2)))
        return sum(value(a) for a in f[1:].split("+"))

    return {a: value(a) for a in formulas}


# ---------------------------------------------------------------------------------------
# The forms' cells: original address -> (row label path, column label path, block)

def gyomu_cells():
    cells = {}
    b1 = ["(1) 総合相談支援事業", "① 相談件数"]
    for col, h in zip("BC", ["新規", "継続"]):
        cells[f"{col}8"] = (["件数"], [h], b1)
    b2 = ["(1) 総合相談支援事業", "② 相談内容(重複あり)"]
    for i, v in enumerate(["介護保険制度・サービス等", "苦情など", "権利擁護・成年後見等",
                           "高齢者虐待関係", "認知症", "その他"]):
        cells[f"B{12 + i}"] = ([v], ["件数"], b2)
    cells["B18"] = (["計"], ["件数"], b2)
    b3 = ["(2) 包括的・継続的ケアマネジメント事業", "① 相談件数"]
    for col, h in zip("BCD", ["新規", "継続", "計"]):
        cells[f"{col}24"] = (["件数"], [h], b3)
    b4 = ["(3) 介護予防支援・介護予防ケアマネジメント", "① ケアプラン作成件数"]
    for col, g, h in zip("BCEFG", ["介護予防支援"] * 2 + ["介護予防ケアマネジメント"] * 3,
                         ["包括作成", "委託作成", "包括作成", "委託作成", "計"]):
        cells[f"{col}30"] = (["件数"], [g, h], b4)
    return cells


def katsudo_cells():
    cells = {}
    b1 = ["1 相談方法別・相談者別"]
    for r, v in zip(range(7, 10), ["電話", "来所", "訪問"]):
        for col, h in zip("CDEF", ["本人", "家族", "関係機関", "その他"]):
            cells[f"{col}{r}"] = ([v], ["相談者", h], b1)
        cells[f"G{r}"] = ([v], ["夜間休日(再掲)"], b1)
        cells[f"B{r}"] = ([v], ["件数"], b1)  # a formula in the form; typed only in a fault
    b2 = ["2 業務区分別・相談者別"]
    heads = [["相談者", h] for h in ["本人", "家族", "関係機関", "その他"]] + \
            [["再掲", h] for h in ["認知症", "独居高齢者"]]
    rows = {15: ["総合相談支援業務", "介護保険"], 16: ["総合相談支援業務", "医療"],
            17: ["総合相談支援業務", "計"], 18: ["権利擁護業務", "高齢者虐待"],
            19: ["権利擁護業務", "成年後見"], 20: ["権利擁護業務", "計"], 21: ["合計"]}
    for r, path in rows.items():
        for col, h in zip("DEFGHI", heads):
            cells[f"{col}{r}"] = (path, h, b2)
    b3 = ["3 地域ケア会議の開催状況"]
    for i in range(10):
        for col, h in zip("BCD", ["年月日", "会議内容", "出席者数"]):
            cells[f"{col}{25 + i}"] = ([str(i + 1)], [h], b3)
    return cells


def nenkan_cells():
    cells = {}
    months = [f"{m}月" for m in [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]]
    for r, v in zip(range(4, 7), ["総合相談件数", "訪問件数", "介護予防ケアプラン"]):
        for col, m in zip(COLS12, months):
            cells[f"{col}{r}"] = ([v], [m], [])
    b2 = ["地域ケア会議の開催回数"]
    for r, v in zip([11, 12, 13], ["推進会議", "個別会議", "計"]):
        for col, m in zip(COLS12 + "N", months + ["合計"]):
            cells[f"{col}{r}"] = ([v], [m], b2)
    return cells


# ---------------------------------------------------------------------------------------
# Values: original address -> number / text / date, None for an input cell left blank

def blank_out(v, cells):
    for a in cells:
        v[a] = None


def n(v, a):
    x = v.get(a)
    return x if isinstance(x, (int, float)) else 0


def gyomu_values(center):
    rng = random.Random(f"gyomu-{center}")
    v = {"B8": rng.randint(5, 30), "C8": rng.randint(8, 45)}
    for a, lo, hi in [("B12", 8, 30), ("B13", 0, 3), ("B14", 0, 6), ("B15", 0, 4),
                      ("B16", 2, 15), ("B17", 1, 12)]:
        v[a] = rng.randint(lo, hi)
    v["B24"], v["C24"] = rng.randint(0, 6), rng.randint(1, 10)
    v["B30"], v["C30"] = rng.randint(10, 40), rng.randint(5, 30)
    v["E30"], v["F30"] = rng.randint(5, 25), rng.randint(0, 12)
    blank_out(v, {"東": ["B13", "F30"], "西": ["B15", "B24"], "南": ["B13", "B15"]}[center])
    if center == "南":
        v["B14"] = 0  # typed 0
    # 相談内容 counts each consultation once or more: at least the 相談件数
    short = n(v, "B8") + n(v, "C8") - sum(n(v, f"B{r}") for r in range(12, 18))
    if short > 0:
        v["B12"] += short
    v["B18"] = sum(n(v, f"B{r}") for r in range(12, 18))
    v["D24"] = n(v, "B24") + n(v, "C24")
    v["G30"] = n(v, "E30") + n(v, "F30")
    return v


MEETINGS = {
    "東": [(datetime.date(2026, 10, 3), "個別ケース検討(独居高齢者の見守り)", 8),
           (datetime.date(2026, 10, 15), "自立支援型地域ケア会議", 14),
           (datetime.date(2026, 10, 27), "多職種による事例検討", 11)],
    "西": [(datetime.date(2026, 10, 8), "個別地域ケア会議(認知症高齢者の在宅生活)", 7),
           (datetime.date(2026, 10, 22), "圏域地域ケア会議", 18)],
    "南": [(datetime.date(2026, 10, 6), "個別ケース検討(8050世帯)", 9),
           (datetime.date(2026, 10, 14), "生活支援体制整備と地域課題の共有", 16),
           (datetime.date(2026, 10, 29), "自立支援型地域ケア会議", 12)],
}


def katsudo_values(center):
    rng = random.Random(f"katsudo-{center}")
    v = {}
    ranges = {7: [(3, 15), (5, 20), (3, 15), (0, 4)],   # 電話
              8: [(1, 8), (1, 8), (0, 3), (0, 2)],      # 来所
              9: [(2, 12), (0, 6), (0, 4), (0, 2)]}     # 訪問
    for r, rs in ranges.items():
        for col, (lo, hi) in zip("CDEF", rs):
            v[f"{col}{r}"] = rng.randint(lo, hi)
        v[f"G{r}"] = rng.randint(0, min(3, sum(n(v, f"{c}{r}") for c in "CDEF")))
    ranges = {15: [(3, 12), (5, 18), (3, 12), (0, 3)],  # 介護保険
              16: [(0, 5), (1, 6), (1, 6), (0, 2)],     # 医療
              18: [(0, 1), (0, 2), (1, 4), (0, 1)],     # 高齢者虐待
              19: [(0, 2), (0, 3), (0, 3), (0, 1)]}     # 成年後見
    for r, rs in ranges.items():
        for col, (lo, hi) in zip("DEFG", rs):
            v[f"{col}{r}"] = rng.randint(lo, hi)
        line = sum(v[f"{c}{r}"] for c in "DEFG")
        v[f"H{r}"] = rng.randint(0, line // 2)
        v[f"I{r}"] = rng.randint(0, line // 2)
    blank_out(v, {"東": ["F8", "F9", "G8", "G19"],
                  "西": ["F7", "G9", "D18", "G18", "I19"],
                  "南": ["E8", "F8", "G16", "H18"]}[center])
    if center == "西":
        v["F9"] = 0  # typed 0
    for total, parts in [(17, (15, 16)), (20, (18, 19)), (21, (17, 20))]:
        for col in "DEFGHI":
            v[f"{col}{total}"] = sum(n(v, f"{col}{r}") for r in parts)
    for i, (day, what, people) in enumerate(MEETINGS[center]):
        v[f"B{25 + i}"], v[f"C{25 + i}"], v[f"D{25 + i}"] = day, what, people
    return v


def nenkan_values(center):
    rng = random.Random(f"nenkan-{center}")
    v = {}
    done = COLS12[:7]  # 4月 .. 10月 reported; 11月 .. 3月 not yet, left blank
    for r, lo, hi in [(4, 20, 60), (5, 5, 25), (6, 3, 15)]:
        for col in COLS12:
            v[f"{col}{r}"] = rng.randint(lo, hi) if col in done else None
    for r, weights in [(11, [0, 0, 1]), (12, [0, 1, 1, 2, 3])]:
        for col in COLS12:
            x = rng.choice(weights) if col in done else None
            # 東 leaves a month without meetings blank, 西 types 0, 南 does both
            if x == 0 and (center == "東" or (center == "南" and r == 11)):
                x = None
            v[f"{col}{r}"] = x
        v[f"N{r}"] = sum(n(v, f"{col}{r}") for col in COLS12)
    for col in COLS12:
        v[f"{col}13"] = n(v, f"{col}11") + n(v, f"{col}12") if col in done else None
    v["N13"] = n(v, "N11") + n(v, "N12")
    return v


# ---------------------------------------------------------------------------------------
# The forms as filled

FORMS = {
    "gyomu": {
        "layout": lambda at: make.gyomu(at=at, save=False),
        "cells": gyomu_cells, "values": gyomu_values,
        "title": ("A1", "令和8年10月分　地域包括支援センター業務実績報告書"),
        "center": "B3",
        # 3 rows of the center's notes above (1) (form rows 5.. move down 3), and an empty
        # row between 苦情など and 権利擁護・成年後見等 (form rows 14.. move down 1 more)
        "west": (bands((5, 3), (14, 1)),
                 {"A5": "※ 当センター記入欄(提出前に管理者確認済み)",
                  "A6": "・10月は職員研修のため窓口を2日間短縮しました。",
                  "A7": "・相談内容は主訴で計上しています。"},
                 [5, 6, 7, 17]),
    },
    "katsudo": {
        "layout": lambda at: make.katsudo(at=at, save=False),
        "cells": katsudo_cells, "values": katsudo_values,
        "title": ("A1", "地域包括支援センター活動実績報告書(令和8年10月分)"),
        "center": "B2",
        # table 1 moved down 1 (an empty row above its heading, form rows 3.. move down 1),
        # an empty row between 来所 and 訪問 (form rows 9.. move down 1 more, so 合計's
        # =SUM(B7:B9) becomes =SUM(B8:B11)), and 2 rows above table 2 (form rows 12.. move
        # down 2 more), the first a note
        "west": (bands((3, 1), (9, 1), (12, 2)),
                 {"A14": "※ 10月から相談受付票の様式を変更しました。"},
                 [3, 10, 14, 15]),
    },
    "nenkan": {
        "layout": lambda at: make.nenkan(blank=True, at=at, save=False),
        "cells": nenkan_cells, "values": nenkan_values,
        "title": None, "center": None,
        # a note row above the first table (form rows 3.. move down 1), and an empty row
        # between 推進会議 and 個別会議 (form rows 12.. move down 1 more)
        "west": (bands((3, 1), (12, 1)),
                 {"A3": "※ 10月分まで入力しています。"},
                 [3, 13]),
    },
}


def build(form, center, values=None, west=False):
    """The workbook of center's file and what a reader must find in it."""
    spec = FORMS[form]
    at, notes, inserted = spec["west"] if west else (None, {}, [])
    A = make.shifter(at)
    wb = spec["layout"](at)
    ws = wb.active
    name = f"{center}地域包括支援センター"
    if spec["title"]:
        ws[A(spec["title"][0])] = spec["title"][1]
    if spec["center"]:
        ws[A(spec["center"])] = name
    for a, text in notes.items():  # already in the file's rows
        ws[a] = text
    cells = spec["cells"]()
    values = spec["values"](center) if values is None else values
    typed, labels, blocks, blank = {}, {}, {}, {}
    for a, x in values.items():
        rowpath, colpath, block = cells[a]
        b = A(a)
        if x is None:
            blank[b] = [rowpath, colpath]
            continue
        ws[b] = x
        if isinstance(x, datetime.date):
            ws[b].number_format = DATE_FORMAT
            x = x.isoformat()
        typed[b] = x
        labels[b] = [rowpath, colpath]
        blocks[b] = block
    formulas = {c.coordinate: c.value for row in ws.iter_rows() for c in row
                if isinstance(c.value, str) and c.value.startswith("=")}
    results = evaluate(formulas, typed)

    def by_cell(d):
        return {k: d[k] for k in sorted(d, key=lambda k: row_col(k))}

    expected = {
        "sheet": ws.title,
        "center": ({"cell": A(spec["center"]), "text": name} if spec["center"]
                   else {"cell": None, "text": name, "from": "file name"}),
        "title": ({"cell": A(spec["title"][0]), "text": spec["title"][1], "period": "2026-10"}
                  if spec["title"] else {"cell": "A1", "text": ws["A1"].value, "period": None}),
        "inserted_rows": inserted,
        "notes": notes,
        "cells": by_cell(typed),
        "labels": by_cell(labels),
        "block": by_cell(blocks),
        "blank": by_cell(blank),
        "formulas": {a: {"formula": formulas[a], "value": results[a]}
                     for a in sorted(formulas, key=row_col)},
    }
    return wb, expected


def clean(d):
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        if f.endswith((".xlsx", ".ods", ".json")):
            os.remove(os.path.join(d, f))


def to_ods(wb, stem, outdir, profile):
    tmp = tempfile.mkdtemp()
    try:
        path = os.path.join(tmp, f"{stem}.xlsx")
        wb.save(path)
        subprocess.run(["libreoffice", f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "ods", "--outdir", outdir, path],
                       check=True, capture_output=True)
        if not os.path.exists(os.path.join(outdir, f"{stem}.ods")):
            raise SystemExit(f"LibreOffice made no {stem}.ods")
    finally:
        shutil.rmtree(tmp)


def zenkaku(k):
    return str(k).translate(str.maketrans("0123456789", "０１２３４５６７８９"))


def faults(form):
    """file -> (cell, what, {form cell: new value}) for 東's file (unshifted, so a form
    cell is the file's cell)."""
    v = FORMS[form]["values"]("東")
    if form == "gyomu":
        true18 = v["B18"]
        return {
            "typed-total-off.xlsx": ("B18", f"相談内容の計 B18 typed {true18 + 3}; "
                                     f"B12:B17 sum to {true18} (off by +3)",
                                     {"B18": true18 + 3}),
            "zenkaku.xlsx": ("C8", f"相談件数 継続 C8 typed as the text 「{zenkaku(v['C8'])}件」 "
                             f"(full-width digits and 件) instead of {v['C8']}; "
                             "D8 =SUM(B8:C8) ignores it",
                             {"C8": f"{zenkaku(v['C8'])}件"}),
            "negative.xlsx": ("B8", f"相談件数 新規 B8 typed -2 (was {v['B8']}); "
                              "its total D8 is a formula", {"B8": -2}),
            "decimal.xlsx": ("C30", f"介護予防支援 委託作成 C30 typed 2.5 (was {v['C30']}); "
                             "its totals D30, H30 are formulas", {"C30": 2.5}),
        }
    if form == "katsudo":
        line7 = sum(n(v, f"{c}7") for c in "CDEF")
        true17 = v["D17"]
        return {
            "formula-typed-over.xlsx": ("B7", f"電話の件数 B7 (=SUM(C7:F7) in the form, "
                                        f"{line7}) replaced by the typed {line7 + 5}; "
                                        "合計 B10 =SUM(B7:B9) stays a formula",
                                        {"B7": line7 + 5}),
            "reikei-above.xlsx": ("G8", "来所の夜間休日(再掲) G8 typed 9, more than its line's "
                                  "件数 B8 =SUM(C8:F8) = 4 (C8..F8 made 1, 2, 1, blank)",
                                  {"C8": 1, "D8": 2, "E8": 1, "F8": None, "G8": 9}),
            "typed-total-off.xlsx": ("D17", f"総合相談支援業務の計 本人 D17 typed {true17 + 3}; "
                                     f"D15+D16 = {true17} (off by +3). 合計 D21 keeps the "
                                     f"right value {v['D21']} (= D15+D16+D18+D19), so it "
                                     "disagrees with D17+D20 too",
                                     {"D17": true17 + 3}),
        }
    true = v["N11"]
    return {
        "typed-total-off.xlsx": ("N11", f"推進会議の合計 N11 typed {true + 3}; B11:M11 sum to "
                                 f"{true} (off by +3). N13 keeps the right value",
                                 {"N11": true + 3}),
    }


def main():
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    try:
        for form in FORMS:
            out = os.path.join(MONTH, form)
            clean(out)
            expected = {}
            for center, fname in CENTERS.items():
                wb, exp = build(form, center, west=(center == "西"))
                if fname.endswith(".ods"):
                    to_ods(wb, center, out, profile)
                else:
                    wb.save(os.path.join(out, fname))
                expected[fname] = exp
            with open(os.path.join(out, "expected.json"), "w", encoding="utf-8") as f:
                json.dump(expected, f, ensure_ascii=False, indent=1)
                f.write("\n")

            fdir = os.path.join(FAULTS, form)
            clean(fdir)
            report = {}
            for fname, (cell, what, changes) in faults(form).items():
                v = FORMS[form]["values"]("東")
                changes = {a: x for a, x in changes.items() if v.get(a) != x}
                v.update(changes)
                wb, _ = build(form, "東", values=v)
                wb.save(os.path.join(fdir, fname))
                report[fname] = {"sheet": wb.active.title, "cell": cell, "what": what,
                                 "base": "month/%s/東.xlsx" % form, "changed": changes}
            with open(os.path.join(fdir, "faults.json"), "w", encoding="utf-8") as f:
                json.dump(report, f, ensure_ascii=False, indent=1)
                f.write("\n")
    finally:
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
