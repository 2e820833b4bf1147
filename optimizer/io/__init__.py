"""Files in and out (CSV, XLSX, JSON) and the bundled and synthetic datasets.

Imports only `optimizer.schema` and `optimizer.engine` from outside itself.
"""
