"""Plain-data views of a framework, for `frameworks show --format json` and listings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from thresholdcli.framework.lookups import LIST_NAMES

if TYPE_CHECKING:
    from thresholdcli.framework.model import Flagged, Framework


def summary(framework: Framework) -> dict[str, Any]:
    return {
        "id": framework.id,
        "version": framework.version,
        "ref": framework.ref,
        "authority": framework.authority,
        "title": framework.title,
        "source": framework.source,
        "superseded_by": framework.superseded_by,
        "levels": len(framework.levels),
        "domains": len(framework.domains),
        "indicators": len(framework.indicators),
    }


def describe(framework: Framework) -> dict[str, Any]:
    """The whole framework as plain data. Every quoted text sits beside its `cite`; each
    object's `reading` lists every judgement of thresholdcli's that applies to it (its own
    and the framework-wide ones), field -> reason."""
    data = framework.model_dump(mode="json", exclude={"indicators", "domains", "levels"})
    data["levels"] = [
        {"rank": lv.rank, **_dump(framework, lv, exclude={"rank"})} for lv in framework.levels
    ]
    data["domains"] = [
        {
            **_dump(framework, d),
            "indicators": [
                _dump(framework, i, exclude={"domain"}) for i in framework.indicators_in(d.id)
            ],
        }
        for d in framework.domains
    ]
    for list_name in set(LIST_NAMES.values()) - {"levels", "domains", "indicators"}:
        data[list_name] = [_dump(framework, item) for item in getattr(framework, list_name)]
    return data


def _dump(framework: Framework, item: Flagged, exclude: set[str] | None = None) -> dict[str, Any]:
    dumped = item.model_dump(mode="json", exclude=exclude)
    dumped["reading"] = framework.readings_of(item)
    return dumped
