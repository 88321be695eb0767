"""Printing a receipt: the program's own preview (no PDF viewer needed), printed from it,
and no file left behind."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import pypdfium2
import zxingcpp
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from aftersales_desktop.reports.receipts import render_intake_receipt
from aftersales_desktop.services.self_check import sample_intake
from aftersales_desktop.ui.frontdesk import printing

LONG = replace(sample_intake(), fault="不制冷，外机异响。" * 400)  # several A5 pages


def _temp_entries() -> set[str]:
    return {entry.name for entry in Path(tempfile.gettempdir()).iterdir()}


def test_preview_opens_in_the_program_and_leaves_no_file(qtbot: QtBot) -> None:
    pdf = render_intake_receipt(LONG, paper="a5")
    pages = len(printing.page_sizes(pdf))
    assert pages >= 3
    before = _temp_entries()
    printing.show_pdf(pdf, LONG.number)
    previews = [w for w in QApplication.topLevelWidgets()
                if isinstance(w, printing.ReceiptPreview) and w.isVisible()]
    assert len(previews) == 1
    preview = previews[0]
    widget = preview.findChild(QPrintPreviewWidget)
    assert widget is not None
    qtbot.waitUntil(lambda: widget.pageCount() == pages, timeout=10_000)
    assert LONG.number in preview.windowTitle()
    preview.close()
    qtbot.waitUntil(lambda: not any(isinstance(w, printing.ReceiptPreview)
                                    for w in QApplication.topLevelWidgets()), timeout=5_000)
    created = {name for name in _temp_entries() - before if "aftersales" in name.lower()
               or name.lower().endswith(".pdf")}
    assert not created, f"left in {tempfile.gettempdir()}: {created}"


def test_printing_puts_every_page_on_paper_as_rendered(tmp_path: Path) -> None:
    pdf = render_intake_receipt(LONG, paper="a5")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printing.paint_pdf(pdf, printer)
    printed = pypdfium2.PdfDocument(str(tmp_path / "printed.pdf"))
    try:
        assert len(printed) == len(printing.page_sizes(pdf)) >= 3
        width, height = printed[0].get_size()
        assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (148, 210)  # A5
        image = printed[0].render(scale=3).to_pil()
    finally:
        printed.close()
    assert {found.text for found in zxingcpp.read_barcodes(image)} == {LONG.number}


def test_a_roll_receipt_prints_on_a_roll_sized_page(tmp_path: Path) -> None:
    pdf = render_intake_receipt(sample_intake(), paper="roll80")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "roll.pdf"))
    printing.paint_pdf(pdf, printer)
    (expected,) = printing.page_sizes(pdf)
    printed = pypdfium2.PdfDocument(str(tmp_path / "roll.pdf"))
    try:
        width, height = printed[0].get_size()
    finally:
        printed.close()
    assert abs(width - expected.width()) < 1 and abs(height - expected.height()) < 1
