"""The existing forms of tests/test_draft.rs, made the way cities make them (openpyxl here,
LibreOffice for the .ods), never with hokatsu's writer.

    python3 tests/forms/existing/make.py     # from the repository's root; needs openpyxl

writes gyomu.xlsx (a 000-style 業務実績報告書, blank) and kinyu.xlsx (the same filled by a
center), katsudo.xlsx (a 呉市-style 活動実績報告書), nenkan.xlsx (a year sheet of months across,
filled) and notable.xlsx (a title and notes, no table), then converts nenkan.xlsx and
katsudo.xlsx to .ods with LibreOffice (which keeps merged cells as ODS spans).

Each layout function returns its workbook; save=False leaves saving to the caller, and
at=f (a map from this layout's row numbers to other ones) builds the layout with rows
inserted, the way Excel would have moved its cells, merges and formulas (centers.py uses
both to make centers' filled files).
"""

import os
import re
import subprocess

from openpyxl import Workbook

HERE = os.path.dirname(os.path.abspath(__file__))


def shifter(at=None):
    """A function rewriting every cell address of a string ("D8", "=SUM(B8:C8)", "A1:H1")
    with its row moved by at; without at, the string itself."""
    if at is None:
        return lambda text: text
    return lambda text: re.sub(r"\b([A-Z]{1,3})([0-9]+)\b",
                               lambda m: f"{m.group(1)}{at(int(m.group(2)))}", text)


def gyomu(filled=False, at=None, save=True):
    A = shifter(at)
    wb = Workbook()
    ws = wb.active
    ws.title = "業務実績報告書"
    ws[A("A1")] = "令和　年　月分　地域包括支援センター業務実績報告書"
    ws.merge_cells(A("A1:H1"))
    ws[A("A3")] = "センター名"
    ws.merge_cells(A("B3:D3"))
    ws[A("A5")] = "(1) 総合相談支援事業"
    ws[A("A6")] = "① 相談件数"
    for col, v in zip("ABCD", ["区分", "新規", "継続", "計"]):
        ws[A(f"{col}7")] = v
    ws[A("A8")] = "件数"
    ws[A("D8")] = A("=SUM(B8:C8)")
    ws[A("A10")] = "② 相談内容(重複あり)"
    ws[A("A11")], ws[A("B11")] = "相談内容", "件数"
    for i, v in enumerate(["介護保険制度・サービス等", "苦情など", "権利擁護・成年後見等",
                           "高齢者虐待関係", "認知症", "その他"]):
        ws[A(f"A{12 + i}")] = v
    ws[A("A18")] = "計"  # typed by the center: no formula
    ws[A("A19")] = "※ 重複して計上してください。"
    ws[A("A21")] = "(2) 包括的・継続的ケアマネジメント事業"
    ws[A("A22")] = "① 相談件数"
    for col, v in zip("ABCD", ["区分", "新規", "継続", "計"]):
        ws[A(f"{col}23")] = v
    ws[A("A24")] = "件数"  # D24 typed
    ws[A("A26")] = "(3) 介護予防支援・介護予防ケアマネジメント"
    ws[A("A27")] = "① ケアプラン作成件数"
    ws[A("A28")] = "区分"
    ws.merge_cells(A("A28:A29"))
    ws[A("B28")] = "介護予防支援"
    ws.merge_cells(A("B28:D28"))
    ws[A("E28")] = "介護予防ケアマネジメント"
    ws.merge_cells(A("E28:G28"))
    ws[A("H28")] = "合計"
    ws.merge_cells(A("H28:H29"))
    for col, v in zip("BCDEFG", ["包括作成", "委託作成", "計"] * 2):
        ws[A(f"{col}29")] = v
    ws[A("A30")] = "件数"
    ws[A("D30")] = A("=B30+C30")
    ws[A("H30")] = A("=D30+G30")  # G30 typed
    ws[A("A31")] = "注 委託作成件数には、再委託を含めます。"
    if filled:
        # As a center sends it back: its name, its counts, a count typed as words and a
        # formula of its own in a cell for a count.
        ws[A("B3")] = "東部南地域包括支援センター"
        ws[A("B8")], ws[A("C8")] = 12, "３件"
        for r in range(12, 18):
            ws[A(f"B{r}")] = r - 10
        ws[A("B18")] = sum(range(2, 8))
        ws[A("B24")], ws[A("C24")], ws[A("D24")] = 4, 5, 9
        ws[A("B30")], ws[A("C30")], ws[A("E30")], ws[A("F30")] = 3, 4, 5, A("=B30*2")
        ws[A("G30")] = 15
    if save:
        wb.save(os.path.join(HERE, "kinyu.xlsx" if filled else "gyomu.xlsx"))
    return wb


def katsudo(at=None, save=True):
    A = shifter(at)
    wb = Workbook()
    ws = wb.active
    ws.title = "活動実績"
    ws[A("A1")] = "地域包括支援センター活動実績報告書(令和　年　月分)"
    ws[A("A2")] = "センター地域名"
    ws[A("A4")] = "1 相談方法別・相談者別"
    ws[A("A5")], ws[A("B5")], ws[A("C5")], ws[A("G5")] = ("相談方法", "件数", "相談者",
                                                          "夜間休日(再掲)")
    ws.merge_cells(A("A5:A6"))
    ws.merge_cells(A("B5:B6"))
    ws.merge_cells(A("C5:F5"))
    ws.merge_cells(A("G5:G6"))
    for col, v in zip("CDEF", ["本人", "家族", "関係機関", "その他"]):
        ws[A(f"{col}6")] = v
    for r, v in zip(range(7, 10), ["電話", "来所", "訪問"]):
        ws[A(f"A{r}")] = v
        ws[A(f"B{r}")] = A(f"=SUM(C{r}:F{r})")
    ws[A("A10")] = "合計"
    for col in "BCDEFG":
        ws[A(f"{col}10")] = A(f"=SUM({col}7:{col}9)")

    ws[A("A12")] = "2 業務区分別・相談者別"
    ws[A("A13")], ws[A("C13")], ws[A("D13")], ws[A("H13")] = ("業務区分", "件数", "相談者",
                                                              "再掲")
    ws.merge_cells(A("A13:B14"))
    ws.merge_cells(A("C13:C14"))
    ws.merge_cells(A("D13:G13"))
    ws.merge_cells(A("H13:I13"))
    for col, v in zip("DEFGHI", ["本人", "家族", "関係機関", "その他", "認知症", "独居高齢者"]):
        ws[A(f"{col}14")] = v
    groups = [(15, "総合相談支援業務", ["介護保険", "医療", "計"]),
              (18, "権利擁護業務", ["高齢者虐待", "成年後見", "計"])]
    for top, group, rows in groups:
        ws[A(f"A{top}")] = group
        ws.merge_cells(A(f"A{top}:A{top + len(rows) - 1}"))
        for i, v in enumerate(rows):
            ws[A(f"B{top + i}")] = v
    ws[A("A21")] = "合計"
    ws.merge_cells(A("A21:B21"))
    for r in range(15, 22):
        ws[A(f"C{r}")] = A(f"=SUM(D{r}:G{r})")  # the 計 rows and 合計 below are typed

    ws[A("A23")] = "3 地域ケア会議の開催状況"
    for col, v in zip("ABCD", ["No.", "年月日", "会議内容", "出席者数"]):
        ws[A(f"{col}24")] = v
    for i in range(10):
        ws[A(f"A{25 + i}")] = i + 1
    ws[A("A35")] = "計"
    ws[A("D35")] = A("=SUM(D25:D34)")
    ws[A("A36")] = "※ 会議ごとに1行に記入してください。"
    if save:
        wb.save(os.path.join(HERE, "katsudo.xlsx"))
    return wb


def nenkan(blank=False, at=None, save=True):
    """The year sheet filled with counts and typed totals; blank=True: its labels and
    formulas only."""
    A = shifter(at)
    wb = Workbook()
    ws = wb.active
    ws.title = "年間"
    ws[A("A1")] = "令和7年度 月別実績"
    months = [f"{m}月" for m in [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]]
    cols = "BCDEFGHIJKLM"
    ws[A("A3")] = "区分"
    for col, m in zip(cols, months):
        ws[A(f"{col}3")] = m
    ws[A("N3")] = "合計"
    for r, (label, base) in zip(range(4, 7), [("総合相談件数", 30), ("訪問件数", 12),
                                                ("介護予防ケアプラン", 7)]):
        ws[A(f"A{r}")] = label
        for k, col in enumerate(cols):
            if not blank:
                ws[A(f"{col}{r}")] = base + k
        ws[A(f"N{r}")] = A(f"=SUM(B{r}:M{r})")

    ws[A("A9")] = "地域ケア会議の開催回数"
    ws[A("A10")] = "区分"
    for col, m in zip(cols, months):
        ws[A(f"{col}10")] = m
    ws[A("N10")] = "合計"
    for r, label in zip([11, 12], ["推進会議", "個別会議"]):
        ws[A(f"A{r}")] = label
        if not blank:
            for k, col in enumerate(cols):
                ws[A(f"{col}{r}")] = (k + r) % 3
            ws[A(f"N{r}")] = sum((k + r) % 3 for k in range(12))  # typed, no formula
    ws[A("A13")] = "計"
    if not blank:
        for k, col in enumerate(cols):
            ws[A(f"{col}13")] = (k + 11) % 3 + (k + 12) % 3
        ws[A("N13")] = sum((k + 11) % 3 + (k + 12) % 3 for k in range(12))
    if save:
        wb.save(os.path.join(HERE, "nenkan.xlsx"))
    return wb


def notable(at=None, save=True):
    A = shifter(at)
    wb = Workbook()
    ws = wb.active
    ws.title = "表紙"
    ws[A("A1")] = "地域包括支援センター業務実績報告書"
    ws[A("A3")] = "※ 毎月10日までに提出してください。"
    ws[A("A4")] = "注 記入例は別紙のとおり。"
    if save:
        wb.save(os.path.join(HERE, "notable.xlsx"))
    return wb


if __name__ == "__main__":
    gyomu()
    gyomu(filled=True)
    katsudo()
    nenkan()
    notable()
    for name in ["nenkan.xlsx", "katsudo.xlsx"]:
        subprocess.run(["libreoffice", "--headless", "--convert-to", "ods", "--outdir", HERE,
                        os.path.join(HERE, name)], check=True, capture_output=True)
