"""The plan as open data: plan.json (validated by its schema) and the matrix as CSV.

Pure functions of the plan: the same plan always gives the same bytes.
"""

from __future__ import annotations

import json

from generator.plan.model import Plan, section_label
from generator.plan.schema import open_data_schema, provenance_summary
from generator.reproducible import excel_csv

MARK = "●"


def plan_json(plan: Plan) -> bytes:
    """The whole plan as the model holds it, with which fields are source and which are ours.

    It validates against the downloadable plan.schema.json (:func:`open_data_schema`).
    """
    data = {"provenance": provenance_summary(), **plan.model_dump(mode="json")}
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def schema_json() -> bytes:
    return (json.dumps(open_data_schema(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def matrix_rows(plan: Plan) -> list[list[str]]:
    """The unit × task matrix as rows: a header, then one row per task."""
    header = ["序号", "编号", "任务", "所属方面", *[u.name for u in plan.units]]
    rows = [header]
    for ref in plan.tasks:
        section = plan.sections[ref.section - 1]
        marks = [MARK if unit.name in ref.task.responsible else "" for unit in plan.units]
        rows.append(
            [
                str(ref.number),
                ref.label,
                ref.task.title,
                f"{section_label(ref.section)}{section.title}",
                *marks,
            ]
        )
    return rows


def matrix_csv(plan: Plan) -> bytes:
    """The matrix for Excel."""
    return excel_csv(matrix_rows(plan))
