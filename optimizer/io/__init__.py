"""Files in and out (CSV, XLSX, JSON) and the bundled and synthetic datasets.

- `files`: instances in (`load_instance`, `read_instance` with its notes).
- `sheets`, `headers`, `numbers`, `grouping`: how planners' files are read (encodings,
  separators, title rows, header aliases, Indonesian and English numbers) and how their
  problems are reported (one line per file, column and kind, with the fix).
- `exports`, `report`, `template`: plans out (JSON, CSV, the XLSX report), safe writes,
  and the input workbook a planner fills in.
- `datasets`: bundled and synthetic datasets.

Imports only `optimizer.schema` and `optimizer.engine` from outside itself.
"""
