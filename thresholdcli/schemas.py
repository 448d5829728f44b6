"""JSON Schemas of the files thresholdcli reads and writes, generated from its pydantic
models into docs/schemas/: `python -m thresholdcli.schemas docs/schemas` (`make docs`).
tests/test_docs_generated.py fails when the files there are stale."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pydantic import BaseModel

from thresholdcli.framework.model import Framework
from thresholdcli.records.model import CaseRecord
from thresholdcli.records.sheet import AnswerSheet

# file name (without .schema.json) -> the model and what the file is
MODELS: dict[str, tuple[type[BaseModel], str]] = {
    "case-record": (CaseRecord, "A case record, cases/CASE_REF.toml (docs/case-record.md)."),
    "case-file": (
        AnswerSheet,
        "An answers file for `interview --answers` and a minimal case file for `score` "
        "(docs/case-file.md).",
    ),
    "framework": (Framework, "A framework file, frameworks/*.toml (docs/framework-format.md)."),
}


def schema_texts() -> dict[str, str]:
    """File name -> the schema as written: JSON, two-space indent, one newline at the end."""
    texts = {}
    for name, (model, description) in MODELS.items():
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"thresholdcli/{name}.schema.json",
            "description": description,
            **model.model_json_schema(),
        }
        texts[f"{name}.schema.json"] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return texts


def write_schemas(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    texts = schema_texts()
    for stale in folder.glob("*.schema.json"):
        if stale.name not in texts:
            stale.unlink()
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    write_schemas(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/schemas"))
