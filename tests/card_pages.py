"""Lay out every level of one framework's cards with WeasyPrint and print one JSON line per
level: {"rank", "pages", "width_mm", "height_mm"}.

Run in a child process (`python -m tests.card_pages FRAMEWORK`) so that the test can choose the
fonts the machine seems to have (FONTCONFIG_FILE) before fontconfig starts.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import date

from thresholdcli.advice.cards import build_cards
from thresholdcli.framework import loader
from thresholdcli.render.card_html import cards_html

PRINTED = date(2026, 11, 23)
PX_PER_MM = 96 / 25.4


def main(framework_id: str) -> None:
    import weasyprint  # type: ignore[import-untyped]

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    fw = loader.resolve(framework_id)[0]
    for card in build_cards(fw, range(1, fw.top_rank + 1), brief=False, printed=PRINTED):
        document = weasyprint.HTML(string=cards_html([card])).render()
        page = document.pages[0]
        print(
            json.dumps(
                {
                    "rank": card.rank,
                    "pages": len(document.pages),
                    "width_mm": page.width / PX_PER_MM,
                    "height_mm": page.height / PX_PER_MM,
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main(sys.argv[1])
