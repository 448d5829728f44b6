"""Plain-data views of a framework, for `frameworks show --format json` and listings."""

from __future__ import annotations

from typing import Any

from thresholdcli.framework.model import Framework


def summary(framework: Framework) -> dict[str, Any]:
    return {
        "id": framework.id,
        "version": framework.version,
        "ref": framework.ref,
        "authority": framework.authority,
        "title": framework.title,
        "source": framework.source,
        "levels": len(framework.levels),
        "domains": len(framework.domains),
        "indicators": len(framework.indicators),
    }


def describe(framework: Framework) -> dict[str, Any]:
    data = framework.model_dump(mode="json", exclude={"indicators", "domains", "levels"})
    data["levels"] = [
        {"rank": lv.rank, **lv.model_dump(mode="json", exclude={"rank"})} for lv in framework.levels
    ]
    data["domains"] = [
        {
            **d.model_dump(mode="json"),
            "indicators": [
                i.model_dump(mode="json", exclude={"domain"}) for i in framework.indicators_in(d.id)
            ],
        }
        for d in framework.domains
    ]
    return data
