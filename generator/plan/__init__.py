"""The plan: 法治政府建设工作要点 as typed, immutable data, exactly as published.

``model`` is the plan and its schema, and says of every field whether it is 原文 (verbatim from the
source) or 本站整理 (our reading). ``load`` reads ``data/plan.yaml`` and reports every problem at
once (file:line:column, YAML path, in Chinese); ``checks`` holds the checks that need the whole
plan. ``text`` gives back the official text line for line, ``references`` the documents it cites,
``importer`` turns a published article into plan data, ``schema`` and ``opendata`` the JSON Schema,
plan.json and the matrix CSV; ``continuity`` proposes which earlier task each task continues,
``compare`` finds what changed from one year's plan to the next.
Nothing here knows about the website or 落实情况.
"""
