"""Layouts of the 考核奖惩 documents of 社区矫正 (社区矫正法 第二十八条): the 表扬、训诫、警告 决定书 and the 建议书 that
propose a public-order penalty to the police or a revocation or 收监执行 to the decision organ. One prose layout per
title; the placeholders are the fields of ``corrections.documents_duties.SanctionContext``. Written to
``corrections/doc_templates/`` by ``python -m documents.build_templates``."""

from __future__ import annotations

from documents.blocks import Layout, Lines, Para, Signatures

DIR = "corrections/doc_templates"
TITLES = {
    "praise": "社区矫正对象表扬决定书",
    "admonition": "社区矫正对象训诫决定书",
    "warning": "社区矫正对象警告决定书",
    "public_security": "提请治安管理处罚建议书",
    "revoke_probation": "撤销缓刑建议书",
    "revoke_parole": "撤销假释建议书",
    "imprison": "暂予监外执行收监执行建议书",
}


def _layout(kind: str, title: str) -> Layout:
    return Layout(title, f"{DIR}/sanction_{kind}.docx", (
        Para("{{ recipient }}", align="left"),
        Para("{{ subject_line }}", indent=True),
        Para("", label="事实和理由："),
        Lines("fact_lines"),
        Para("{{ conclusion }}", indent=True, space_before=6),
        Lines("closing_lines"),
        Signatures((("", "{{ issuer }}"), ("", "{{ issued_on }}"))),
        Para("抄送：{{ copy_to }}", align="left", space_before=12),
    ))


LAYOUTS = tuple(_layout(kind, title) for kind, title in TITLES.items())
