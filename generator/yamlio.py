"""Writing plan data as readable YAML (the importer's output)."""

from __future__ import annotations

from typing import Any

import yaml

SCHEMA_FILE = "plan.schema.json"
HEADER = f"# yaml-language-server: $schema={SCHEMA_FILE}\n"


class _Dumper(yaml.SafeDumper):
    """Block style, no aliases, Chinese left as is."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _none(dumper: yaml.SafeDumper, _: None) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:null", "")


_Dumper.add_representer(type(None), _none)


def dump_plan_data(data: dict[str, Any], schema: str = SCHEMA_FILE) -> str:
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**9, indent=2)
    return f"# yaml-language-server: $schema={schema}\n{body}"
