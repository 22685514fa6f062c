"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request."""

from __future__ import annotations

from tqcheck.model import Report
from tqcheck.reporters.sarif import artifact_path, one_line, span_position

COMMANDS = {"critical": "error", "major": "error", "minor": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    # The escaping of @actions/core: '%' first, so the escapes themselves survive.
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: object) -> str:
    fields = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name} {fields}::{escape_data(message)}" if fields else f"::{name}::{escape_data(message)}"


def render(report: Report) -> str:
    lines = []
    for document in report.documents:
        path = artifact_path(document.document.path)
        for finding in document.findings:
            line, column, end_line, end_column = span_position(document.document, finding.start, finding.end)
            place: dict[str, object] = {"file": path, "line": line, "endLine": end_line}
            # GitHub accepts columns only on one-line spans; endColumn is exclusive, like SARIF.
            if end_line == line:
                place.update(col=column, endColumn=end_column)
            lines.append(
                command(
                    COMMANDS[finding.severity],
                    one_line(finding),
                    **place,
                    title=f"{finding.rule} {finding.name} ({finding.severity})",
                )
            )
    for error in report.errors:
        lines.append(
            command("error", error.reason, file=artifact_path(error.path), title="tqcheck: input error")
        )
    total = sum(len(d.findings) for d in report.documents)
    lines.append(f"tqcheck: {len(report.documents)} document(s) checked, {total} finding(s)")
    return "\n".join(lines) + "\n"
