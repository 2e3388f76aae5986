"""What the yearly examples (examples/kumamoto, examples/sapporo) share: a year's values typed
into each center's template through the data dictionary, as a center's own script would, kept
as this year's submissions or compiled into the tidy CSV of an earlier year.

    from through_template import split, write_year
"""
import csv
import io
import pathlib
import shutil
import subprocess
import tempfile

import openpyxl

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXE = str(ROOT / "target" / "release" / "hokatsu")


def dictionary(profile):
    """The data dictionary (`hokatsu form`): item id → its sheet and cell."""
    out = subprocess.run([EXE, "form", "--profile", str(profile)], check=True, capture_output=True, text=True).stdout
    return {r["item"]: r for r in csv.DictReader(io.StringIO(out))}


def write_year(profile, here, year, values, latest):
    """Fill every center's template of fiscal year `year` with `values` ({short: {item: value}}):
    the latest year becomes `here/submissions`, an earlier one `here/history/FY<year>.csv`."""
    cells = dictionary(profile)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([EXE, "template", "--profile", str(profile), "--out", tmp, "--period", str(year)],
                       check=True, capture_output=True)
        folder = pathlib.Path(tmp) / "filled"
        folder.mkdir()
        for short, items in values.items():
            wb = openpyxl.load_workbook(pathlib.Path(tmp) / f"{short}.xlsx")
            for item, v in items.items():
                e = cells[item]
                wb[e["sheet"]][e["cell"]] = v
            wb.save(folder / f"{short}.xlsx")
        if latest:
            target = here / "submissions"
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(folder, target)
        else:
            history = here / "history"
            history.mkdir(exist_ok=True)
            subprocess.run([EXE, "compile", "--profile", str(profile), "--out", str(pathlib.Path(tmp) / "r.xlsx"),
                            "--csv", str(history / f"FY{year}.csv"), str(folder)], check=True, capture_output=True)


def split(total, weights, rnd):
    """Whole numbers in proportion to the weights, adding up to total exactly."""
    raw = [total * w / sum(weights) for w in weights]
    parts = [int(x) for x in raw]
    rest = sorted(range(len(raw)), key=lambda i: (raw[i] - parts[i], rnd.random()), reverse=True)
    for i in rest[: total - sum(parts)]:
        parts[i] += 1
    return parts
