"""Command line: ``python -m generator validate|text|import|link|schema …`` (help in Chinese)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from generator import paths
from generator.cli.common import shown
from generator.cli.progress import register as register_progress
from generator.errors import GeneratorError, InputError, PlanError, Problem
from generator.files import check_output, read_input, write_output
from generator.plan.continuity import proposals_yaml, propose_links
from generator.plan.importer import import_source
from generator.plan.load import load_plan, parse_plan
from generator.plan.model import Plan
from generator.plan.schema import plan_schema
from generator.plan.text import official_text
from generator.publish.build import build_site, project_inputs
from generator.publish.release import publish, rollback
from generator.synth.plan import next_year_plan, synth_plan
from generator.yamlio import dump_plan_data

#: What ``add_subparsers`` returns, to which each command adds itself.
Subcommands = argparse._SubParsersAction


class _ChineseHelp(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        # argparse asks with prefix "" when it only wants the program name (for sub-commands).
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese headings, help and error messages."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", _ChineseHelp)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        replacements = {
            "the following arguments are required": "缺少必需的参数",
            "unrecognized arguments": "无法识别的参数",
            "invalid choice": "无效的选择",
            "expected one argument": "需要一个值",
            "argument ": "参数 ",
        }
        for english, chinese in replacements.items():
            message = message.replace(english, chinese)
        self.exit(2, f"{self.prog}：错误：{message}\n")


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{value}”不是有效日期，请写成 YYYY-MM-DD") from None


def default_plan() -> str:
    """The plan the site builds: PLAN_FILE, else the ``plan:`` option of ./mkdocs.yml, else data/plan.yaml."""
    return shown(project_inputs().plan)


def _config_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-f",
        "--config-file",
        default="mkdocs.yml",
        metavar="FILE",
        help="MkDocs 配置文件（默认 mkdocs.yml）",
    )


def _add_site_commands(sub: argparse._SubParsersAction[_Parser]) -> None:
    """The ``build`` and ``publish`` commands."""
    p = sub.add_parser(
        "build",
        help="构建网站（含离线副本下载）",
        description=(
            "严格模式构建整个网站，并生成离线副本（ZIP）供下载，再做与 publish 相同的检查（站内链接、下载文件）。"
            "相当于 mkdocs build --strict 加上离线副本和检查。计划文件由配置文件中 plan 插件的 plan 选项指定，"
            "环境变量 PLAN_FILE 优先。"
        ),
    )
    p.add_argument("-d", "--site-dir", default="site", metavar="DIR", help="输出目录（默认 site）")
    p.add_argument("--no-offline", action="store_true", help="不生成离线副本（构建更快）")
    _config_arg(p)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser(
        "publish",
        help="构建、检查并原子发布到网站目录",
        description=(
            "在目标目录旁构建新版本，检查（严格构建、站内链接、下载文件）通过后原子切换，并记入发布记录；"
            "保留最近 5 个发布过的版本，可用 --rollback 逐个回滚到之前上线的版本。"
            "必须用环境变量 SITE_URL 给出网站的正式地址。计划文件有误、检查未通过或另一个发布正在进行时，"
            "目标目录保持不变。"
        ),
    )
    p.add_argument("--to", required=True, metavar="DIR", help="网站目录（由本工具管理的符号链接）")
    p.add_argument("--rollback", action="store_true", help="回滚到在当前版本之前上线的版本")
    _config_arg(p)
    p.set_defaults(func=cmd_publish)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m generator",
        description="法治政府建设工作要点发布工具：校验计划文件、输出正式文本、从原文导入、构建和发布网站。",
    )
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    sub.required = True

    _add_plan_commands(sub)
    _add_import(sub)
    _add_link(sub)
    _add_site_commands(sub)
    _add_synth(sub)
    _add_schema(sub)

    register_progress(sub)
    return parser


def _plan_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "plan",
        nargs="?",
        default=None,
        metavar="PLAN",
        help=f"计划文件（默认：环境变量 PLAN_FILE，或 {paths.DEFAULT_PLAN}）",
    )


def _add_plan_commands(sub: Subcommands) -> None:
    p = sub.add_parser(
        "validate",
        help="校验计划文件，列出全部问题",
        description="校验计划文件的语法、结构和内容，一次列出全部问题。",
    )
    _plan_arg(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser(
        "text",
        help="输出计划的正式文本",
        description="按原文格式逐行输出计划的正式文本（印发通知（如有）、标题、序言、各部分和各项任务）。",
    )
    _plan_arg(p)
    p.set_defaults(func=cmd_text)


def _add_import(sub: Subcommands) -> None:
    p = sub.add_parser(
        "import",
        help="从标准格式的工作要点原文生成计划文件",
        description="读取标准格式的工作要点（网页原文、正文，或印发该工作要点的通知及其附件），生成计划 YAML。"
        "单位标识、类别和量化指标为建议值，请编辑复核。",
    )
    p.add_argument("source", metavar="SOURCE", help="原文文件（UTF-8、带 BOM 的 UTF-8 或 GB18030）")
    p.add_argument("-o", "--output", metavar="OUT", help="输出文件（默认输出到屏幕；不覆盖已有文件）")
    p.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它（默认不覆盖）")
    p.add_argument("--issuer", help="制定印发机关（原文未给出时填写）")
    p.add_argument(
        "--source-org", dest="source_org", metavar="机构", help="发布机构/来源（原文未给出时填写）"
    )
    p.add_argument("--issued", type=_date, metavar="YYYY-MM-DD", help="印发日期（原文未给出时填写）")
    p.add_argument("--published", type=_date, metavar="YYYY-MM-DD", help="发布日期（原文未给出时填写）")
    p.set_defaults(func=cmd_import)


def _add_link(sub: Subcommands) -> None:
    p = sub.add_parser(
        "link",
        help="建议新计划的各项任务延续往年计划的哪项任务",
        description=(
            "比较新计划和往年计划的任务（标题、正文和责任单位），为新计划的每项任务找出最可能延续的往年任务，"
            "写成建议清单（本站整理）供编辑复核；复核后把认可的值抄到新计划任务的 continues: 字段中。"
            "每项往年任务最多建议一次；找不到足够相似的往年任务的（可能是新增任务）不列出。不改动任何计划文件。"
        ),
    )
    p.add_argument("new", metavar="NEW", help="新计划文件，如 data/plan-2025.yaml")
    p.add_argument("old", metavar="OLD", help="往年计划文件，如 data/plan.yaml（年份须早于新计划）")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="建议清单（YAML，不覆盖已有文件）")
    p.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它（默认不覆盖）")
    p.set_defaults(func=cmd_link)


def _add_synth(sub: Subcommands) -> None:
    p = sub.add_parser(
        "synth",
        help="生成用于性能测试的合成计划",
        description=(
            "生成结构和文字都接近真实工作要点的合成计划（用于性能测试）。同一种子生成同一文件。"
            "用 --next 时，由给定计划推演出下一年度的合成计划：多数任务略作改动后延续（填写 continues），"
            "部分任务删去，另加少量新任务，个别指标提高，部分责任单位调整。"
        ),
    )
    p.add_argument("--tasks", type=int, metavar="N", help="任务数（不用 --next 时必填）")
    p.add_argument("--units", type=int, metavar="M", help="责任主体数（不用 --next 时必填）")
    p.add_argument(
        "--next", metavar="FROM", help="由计划文件 FROM 推演下一年度的计划（不能与 --tasks、--units 同用）"
    )
    p.add_argument("--seed", type=int, default=0, metavar="S", help="随机种子（默认 0）")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="输出文件（不覆盖已有文件）")
    p.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它（默认不覆盖）")
    p.set_defaults(func=cmd_synth, parser=p)


def _add_schema(sub: Subcommands) -> None:
    p = sub.add_parser(
        "schema",
        help="输出计划文件的 JSON Schema",
        description="输出由数据模型生成的 JSON Schema（供编辑器校验和补全）。",
    )
    p.add_argument("-o", "--output", metavar="OUT", help="写入文件（默认输出到屏幕；不覆盖已有文件）")
    p.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它（默认不覆盖）")
    p.set_defaults(func=cmd_schema)


def cmd_validate(args: argparse.Namespace) -> int:
    """The plan given, else every plan the site builds (each year's, when there are several)."""
    paths_ = [args.plan] if args.plan else [shown(path) for path in project_inputs().plans]
    warnings: list[Problem] = []
    problems: list[Problem] = []
    passed = []
    for path in paths_:
        try:
            passed.append((path, load_plan(path, warnings=warnings)))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    for warning in warnings:
        print(f"提示：{warning}")
    for path, plan in passed:
        print(
            f"{path}：校验通过。{len(plan.sections)} 个方面，{len(plan.tasks)} 项任务，"
            f"{len(plan.units)} 个责任主体，{sum(1 for _ in plan.assignments())} 处分工。"
        )
    return 0


def cmd_text(args: argparse.Namespace) -> int:

    sys.stdout.write(official_text(load_plan(args.plan or default_plan())))
    return 0


def cmd_import(args: argparse.Namespace) -> int:

    source = Path(args.source)
    if args.output:  # refuse before the work, not after it
        check_output(Path(args.output), force=args.force, protect=(source,))
    raw = read_input(source)
    result = import_source(
        raw,
        args.source,
        issuer=args.issuer,
        source_org=args.source_org,
        issued=args.issued,
        published=args.published,
    )
    text = dump_plan_data(result.data)
    parse_plan(text, args.output or "<导入结果>")  # never write a plan that does not validate
    for warning in result.warnings:
        print(f"提示：{warning}", file=sys.stderr)
    if args.output:
        write_output(args.output, text, force=args.force, protect=(source,))
        print(f"已写入 {args.output}。请复核单位标识、类别和量化指标。", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_build(args: argparse.Namespace) -> int:

    build_site(Path(args.site_dir), config_file=Path(args.config_file), offline_copy=not args.no_offline)
    print(f"网站已构建到 {args.site_dir}/，检查通过。")
    # Opened from disk, the pages' directory links show folder listings: serve the folder instead.
    print(f"查看：运行 python -m http.server -d {args.site_dir} 后用浏览器打开 http://localhost:8000/ ；")
    copies = sorted(
        Path(args.site_dir).glob("**/downloads/offline.zip")
    )  # the current year's, with several plans
    if copies:
        print(f"或解压 {shown(copies[-1])}，直接用浏览器打开其中的 离线副本/index.html。")
    return 0


def cmd_publish(args: argparse.Namespace) -> int:

    target = Path(args.to)
    if args.rollback:
        changes = rollback(target)
        print(f"已回滚 {target}。")
    else:
        changes = publish(target, config_file=Path(args.config_file))
        print(f"已发布到 {target}。")
    print(changes.report())
    return 0


def cmd_link(args: argparse.Namespace) -> int:

    inputs = (Path(args.new), Path(args.old))
    check_output(Path(args.output), force=args.force, protect=inputs)  # refuse before the work
    new, old = _load_plans(inputs)
    if old.year >= new.year:
        raise PlanError(
            [
                Problem(
                    args.old,
                    None,
                    None,
                    "",
                    f"往年计划的年份（{old.year}）不早于新计划 {args.new} 的年份（{new.year}）。"
                    "请先写新计划，再写往年计划：python -m generator link NEW OLD -o FILE。",
                )
            ]
        )
    links = propose_links(new, old)
    text = proposals_yaml(links, new, old, new_name=args.new, old_name=args.old)
    write_output(args.output, text, force=args.force, protect=inputs)
    print(
        f"已写入 {args.output}：新计划 {len(new.tasks)} 项任务中，{len(links)} 项找到了可能延续的"
        f"{old.year}年任务。这些是建议（本站整理），请逐条复核后再填入新计划的 continues: 字段。"
    )
    return 0


def _load_plans(paths: tuple[Path, ...]) -> list[Plan]:
    """Every plan loaded, or every problem of every one of them reported together."""
    plans, problems = [], []
    for path in paths:
        try:
            plans.append(load_plan(path))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise PlanError(problems)
    return plans


def cmd_synth(args: argparse.Namespace) -> int:

    if args.next is not None:
        if args.tasks is not None or args.units is not None:
            args.parser.error("--next 不能与 --tasks、--units 同用")
        source = Path(args.next)
        check_output(Path(args.output), force=args.force, protect=(source,))  # refuse before the work
        data = next_year_plan(load_plan(source), seed=args.seed)
    else:
        if args.tasks is None or args.units is None:
            missing = ", ".join(f for f, v in (("--tasks", args.tasks), ("--units", args.units)) if v is None)
            args.parser.error(f"the following arguments are required: {missing}")
        if args.tasks < 1 or args.units < 1:
            print("任务数和责任主体数都必须是正整数。", file=sys.stderr)
            return 2
        source = None
        data = synth_plan(tasks=args.tasks, units=args.units, seed=args.seed)
    text = dump_plan_data(data)
    plan = parse_plan(text, args.output)  # never write a plan that does not validate
    write_output(args.output, text, force=args.force, protect=(source,) if source else ())
    print(
        f"已生成 {args.output}：{len(plan.sections)} 个方面，{len(plan.tasks)} 项任务，{len(plan.units)} 个责任主体。"
    )
    return 0


def cmd_schema(args: argparse.Namespace) -> int:

    text = json.dumps(plan_schema(), ensure_ascii=False, indent=2) + "\n"
    if args.output:
        write_output(args.output, text, force=args.force)
    else:
        sys.stdout.write(text)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except GeneratorError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
