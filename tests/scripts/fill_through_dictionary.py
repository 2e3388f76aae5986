#!/usr/bin/env python3
"""Fill blank templates as a center's own script would: find each item's cell in the data
dictionary (`hokatsu form`) and type the value there with openpyxl.

    fill_through_dictionary.py HOKATSU PROFILE TEMPLATES VALUES.json OUT

VALUES.json: {"<center short name>": {"<item id>": value, ...}, ...}; one filled workbook per
center is written to OUT/<center>.xlsx. A date item's "2025-07-10" is typed as a date.
"""
import csv
import datetime
import io
import json
import pathlib
import subprocess
import sys

import openpyxl


def main():
    exe, profile, templates, values, out = sys.argv[1:6]
    dictionary = subprocess.run([exe, "form", "--profile", profile], check=True,
                                capture_output=True, text=True).stdout
    rows = list(csv.DictReader(io.StringIO(dictionary)))
    cells = {r["item"]: (r["sheet"], r["cell"]) for r in rows}
    dates = {r["item"] for r in rows if r["kind"] == "date"}
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for center, items in json.loads(pathlib.Path(values).read_text(encoding="utf-8")).items():
        wb = openpyxl.load_workbook(pathlib.Path(templates) / f"{center}.xlsx")
        for item, value in items.items():
            sheet, cell = cells[item]
            # A date given as 2025-07-10 is typed as a date, as Excel stores one.
            if item in dates and isinstance(value, str):
                value = datetime.date.fromisoformat(value)
            wb[sheet][cell] = value
        wb.save(out / f"{center}.xlsx")


if __name__ == "__main__":
    main()
