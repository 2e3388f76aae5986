#!/usr/bin/env python3
"""Type literal cells into a copy of a workbook, as a center would in Excel (openpyxl).

    type_cells.py FROM.xlsx TO.xlsx '{"sheet": {"A1": value, ...}, ...}'

A number or a text is typed as it is; null clears the cell. The sheets must exist.
"""
import json
import sys

import openpyxl


def main():
    source, target, cells = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    book = openpyxl.load_workbook(source)
    for sheet, values in cells.items():
        for a1, value in values.items():
            book[sheet][a1].value = value
    book.save(target)


if __name__ == "__main__":
    main()
