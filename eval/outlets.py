"""The outlet of a text dump, read from its own lines (issue 33): DAnIEL's 132 Russian HTML pages
(../shared/data/daniel-ru) rendered as text, as a user copies a page, each given to
`svodka.extract.dump.page_outlet` with no URL; printed beside the site the page came from, for
reading by hand, and counted by half of the sites (crc32 parity).

    python -m eval.outlets
"""
from __future__ import annotations

import json
import sys
import zlib

from eval.common import DATA
from svodka.extract.dump import page_outlet
from svodka.extract.html import render_html


def main() -> int:
    folder = DATA / "daniel-ru"
    named, pages = [0, 0], [0, 0]
    for line in open(folder / "index.jsonl", encoding="utf-8"):
        row = json.loads(line)
        html = (folder / row["html_path"]).read_text(encoding="utf-8", errors="replace")
        outlet = page_outlet(render_html(html).text)
        half = zlib.crc32(row["site"].removeprefix("www.").encode()) % 2
        pages[half] += 1
        named[half] += outlet is not None
        print(f"{row['site']:28} {outlet or '-'}")
    print(f"an outlet for {sum(named)} of {sum(pages)} pages (site halves: {named[0]} of {pages[0]}, "
          f"{named[1]} of {pages[1]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
