"""CSV with a header row: each following row is one document."""

from __future__ import annotations

import csv

from factcheck.corpus.readers.base import Collector, ReadResult, lines_of
from factcheck.corpus.readers.fields import FieldMap

# The csv module refuses fields over 128 KiB by default; a long report's body can be larger. Files
# themselves are bounded (readers.MAX_FILE_BYTES), so a field can be as large as its file.
_FIELD_LIMIT = 256 * 1024**2


def read_csv(data: bytes, path: str, fields: FieldMap) -> ReadResult:
    if csv.field_size_limit() < _FIELD_LIMIT:
        csv.field_size_limit(_FIELD_LIMIT)
    collector = Collector(path, fields)
    text = collector.decode(data)
    if text is None:
        return collector.result()
    rows = csv.reader(lines_of(text))
    try:
        header = [name.strip() for name in next(rows, [])]
        if not any(header):
            collector.problem("no header row", 1)
            return collector.result()
        line = rows.line_num + 1  # where the next record starts; records may span several lines
        for position, row in enumerate(rows):
            if any(cell.strip() for cell in row):
                # Cells beyond the header have no name to map, and missing ones are simply absent.
                collector.add_record(dict(zip(header, row, strict=False)), position, line=line)
            line = rows.line_num + 1
    except csv.Error as exc:
        # The reader cannot resynchronise after a broken record, so the rest of the file goes too.
        collector.problem(f"invalid CSV, rest of file skipped: {exc}", rows.line_num)
    return collector.result()
