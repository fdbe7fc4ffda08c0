"""The plan file's JSON Schema, generated from the model, and the schema of the open data."""

from __future__ import annotations

from typing import Any

from generator.plan.model import PROVENANCE_KEY, Plan, plan_fields


def plan_schema() -> dict[str, Any]:
    """The schema editors validate data/plan.yaml against (every field carries ``x-provenance``)."""
    schema = Plan.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "法治政府建设工作要点计划文件"
    return schema


def provenance_summary() -> dict[str, Any]:
    """Which fields of the data are verbatim source and which are ours, for plan.json."""
    fields = plan_fields()
    return {
        "note": "source：逐字照录原文；editorial：本站整理（分类、说明、指标归纳、推定的日期），不是原文的内容。",
        "source": [f.path for f in fields if f.provenance == "source"],
        "editorial": [f.path for f in fields if f.provenance == "editorial"],
    }


def open_data_schema() -> dict[str, Any]:
    """The schema of downloads/plan.json: the plan, plus the ``provenance`` summary it carries."""
    schema = plan_schema()
    schema["title"] = "法治政府建设工作要点开放数据（plan.json）"
    schema["properties"]["provenance"] = {
        "description": "字段来源说明：哪些字段逐字照录原文（source），哪些是本站整理（editorial）。",
        PROVENANCE_KEY: "editorial",
        "type": "object",
        "properties": {
            "note": {"type": "string"},
            "source": {"type": "array", "items": {"type": "string"}},
            "editorial": {"type": "array", "items": {"type": "string"}},
        },
        "required": ["note", "source", "editorial"],
        "additionalProperties": False,
    }
    schema["required"] = [*schema.get("required", []), "provenance"]
    return schema
