"""What the check command reads: inputs (files and JSONL rows) with their source and reference sides."""

from __future__ import annotations

import sys
from pathlib import Path

from tqcheck.cli_output import echo_error


def bilingual_options(options, paths, reference, source_file, tokenize, spm_model, glossary):  # type: ignore[no-untyped-def]
    """Options for reference metrics and bilingual checks; a bad model or glossary exits 2."""
    from dataclasses import replace

    from tqcheck.scoring.bilingual import GlossaryError, load_glossary
    from tqcheck.scoring.metrics import MetricsError, load_spm

    if (reference or source_file) and (len(paths) != 1 or str(paths[0]).lower().endswith(".jsonl")):
        echo_error("--reference and --source pair with exactly one text input (JSONL rows carry their own)")
        sys.exit(2)
    try:
        if spm_model is not None:
            load_spm(spm_model)
        terms = load_glossary(glossary) if glossary is not None else ()
    except (MetricsError, GlossaryError) as error:
        echo_error(str(error))
        sys.exit(2)
    return replace(options, tokenize=tokenize, spm_model=spm_model, glossary=terms)


def read_inputs(paths, encoding, reference, source_file):  # type: ignore[no-untyped-def]
    """read_documents, except that JSONL batches are streamed row by row (a bad row is one error)."""
    from tqcheck.inputs import read_documents
    from tqcheck.loaders.jsonl import RowError, iter_jsonl
    from tqcheck.model import InputError

    for path in paths:
        if not path.lower().endswith(".jsonl"):
            for name, loaded in read_documents([path], encoding):
                if isinstance(loaded, InputError) or not (reference or source_file):
                    yield name, loaded
                else:
                    yield name, [with_sides(d, reference, source_file, encoding) for d in loaded]
            continue
        try:
            with open(path, "rb") as stream:
                for item in iter_jsonl(path, stream, encoding):
                    if isinstance(item, RowError):
                        yield path, InputError(f"{item.path}:{item.line}", item.reason)
                    else:
                        yield path, [item]
        except OSError as error:
            yield path, InputError(path, error.strerror or str(error))


def with_sides(document, reference: Path | None, source_file: Path | None, encoding: str | None):  # type: ignore[no-untyped-def]
    """The document with its --source/--reference paragraphs; misalignment is one line, exit 2."""
    from dataclasses import replace

    from tqcheck.loaders.text import InputRejected, decode
    from tqcheck.scoring.bilingual import AlignmentError, aligned

    sides = {}
    for field, path in (("sources", source_file), ("references", reference)):
        if path is None:
            continue
        try:
            sides[field] = aligned(document.text, decode(path.read_bytes(), encoding), str(path))
        except OSError as error:
            echo_error(f"{path}: {error.strerror or error}")
            sys.exit(2)
        except AlignmentError as error:
            echo_error(
                f"{document.path}: {path} has {error.theirs} paragraph(s), {document.path} has {error.ours}; "
                "they must align paragraph by paragraph (blank lines separate paragraphs)"
            )
            sys.exit(2)
        except InputRejected as error:
            echo_error(f"{path}: {error}")
            sys.exit(2)
    return replace(document, **sides) if sides else document
