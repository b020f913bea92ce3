"""Word → PDF with LibreOffice headless. LibreOffice is optional and found at run time
(``settings.LIBREOFFICE_BINARY`` or ``soffice``/``libreoffice`` on PATH). The Chinese official fonts the
templates name (宋体, 仿宋, 黑体 and their Latin names) are rarely installed on a Linux server, so the
subprocess runs with a fontconfig file that maps them to Noto Serif/Sans CJK SC."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from django.conf import settings

from core.errors import ServiceUnavailable

UNAVAILABLE_MESSAGE = "服务器未安装 LibreOffice，暂时无法生成 PDF，可先下载 Word 版本"
FONT_ALIASES = Path(__file__).resolve().parent / "fontconfig" / "sifasuo-fonts.conf"
SYSTEM_FONTCONFIG = Path("/etc/fonts/fonts.conf")
CONVERT_TIMEOUT_SECONDS = 180


def libreoffice_binary() -> str:
    """The LibreOffice program to run; ``ServiceUnavailable`` with a message for the user when absent."""
    configured = getattr(settings, "LIBREOFFICE_BINARY", "")
    candidates = [configured] if configured else ["soffice", "libreoffice"]
    for name in candidates:
        found = shutil.which(name)
        if found:
            return found
    raise ServiceUnavailable(UNAVAILABLE_MESSAGE)


def pdf_available() -> bool:
    """Whether this server can make PDF copies: the pages offer 生成 PDF only then (a button that can only answer
    "not installed" is a dead end)."""
    try:
        libreoffice_binary()
    except ServiceUnavailable:
        return False
    return True


def fontconfig_file(directory: Path) -> Path:
    """A fontconfig file that loads the system configuration and then our aliases."""
    path = directory / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
        f'  <include ignore_missing="yes">{SYSTEM_FONTCONFIG}</include>\n'
        f'  <include ignore_missing="yes">{FONT_ALIASES}</include>\n'
        "</fontconfig>\n",
        encoding="utf-8",
    )
    return path


def _profile_dir() -> Path:
    # One LibreOffice profile per worker process and thread: two instances sharing a profile block each other,
    # and reusing it spares the first-start cost of a fresh profile on every conversion.
    return Path(tempfile.gettempdir()) / f"sifasuo-lo-{os.getpid()}-{threading.get_ident()}"


def docx_to_pdf(content: bytes) -> bytes:
    """Convert one .docx (bytes) to PDF (bytes); raises ``ServiceUnavailable`` when LibreOffice is missing
    and ``RuntimeError`` with LibreOffice's output when the conversion fails."""
    return docx_to_pdfs([content])[0]


def docx_to_pdfs(contents: list[bytes]) -> list[bytes]:
    """Convert several .docx files in one LibreOffice run (its start-up is most of a single conversion's time), in
    order; the same errors as ``docx_to_pdf``, naming the first file that did not convert."""
    binary = libreoffice_binary()
    with tempfile.TemporaryDirectory(prefix="sifasuo-pdf-") as tmp:
        work = Path(tmp)
        sources = [work / f"document-{i}.docx" for i in range(len(contents))]
        for source, content in zip(sources, contents, strict=True):
            source.write_bytes(content)
        env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig_file(work)), "HOME": str(work)}
        command = [
            binary, "--headless", "--norestore", "--nologo", "--nolockcheck", "--nodefault",
            f"-env:UserInstallation={_profile_dir().as_uri()}",
            "--convert-to", "pdf", "--outdir", str(work), *map(str, sources),
        ]
        timeout = CONVERT_TIMEOUT_SECONDS + 10 * (len(contents) - 1)
        try:
            # The program is the configured or detected LibreOffice and the paths are our temporary files.
            result = subprocess.run(command, env=env, capture_output=True, timeout=timeout, check=False)  # noqa: S603
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"LibreOffice 转换超过 {timeout} 秒仍未完成") from None
        pdfs = []
        for source in sources:
            target = source.with_suffix(".pdf")
            if result.returncode != 0 or not target.exists():
                output = (result.stderr or result.stdout).decode("utf-8", "replace").strip()
                raise RuntimeError(f"LibreOffice 转换失败（返回码 {result.returncode}，第 {sources.index(source) + 1} 个文件）：{output[:200]}")
            pdfs.append(target.read_bytes())
        return pdfs
