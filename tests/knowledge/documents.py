"""Small real documents in every supported format, written by the libraries themselves."""

from __future__ import annotations

import io


def markdown_bytes() -> bytes:
    return (
        b"# Runbook\n\n## Chapter One\n\n### Restart\n\n"
        b"Restart the agent with conman start after AWSBHT001E. The job goes back to READY.\n"
    )


def html_bytes() -> bytes:
    return (
        b"<html><head><title>Ops page</title><script>var x = 1;</script></head><body>"
        b"<h1>Ops page</h1><h2>Queues</h2><p>The queue <b>drains</b> at night.</p>"
        b"<ul><li>first item</li><li>second item</li></ul></body></html>"
    )


def docx_bytes(title: str = "Manual", body: str = "The payroll chain runs nightly.") -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    document.add_heading("Chain", level=2)
    document.add_paragraph(body)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "job"
    table.rows[0].cells[1].text = "PAYROLL_01"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_bytes(pages: list[str], title: str = "Report") -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.setTitle(title)
    for text in pages:
        pdf.drawString(72, 760, text)
        pdf.showPage()
    pdf.save()
    return out.getvalue()
